/// A set of bytes (0–255) as a 256-bit mask: the alphabet unit of Detour's portable regexes, which match
/// UTF-8 bytes the way PCRE without UTF mode does.
public struct ByteSet: Sendable, Hashable {
    public var bits: (UInt64, UInt64, UInt64, UInt64)

    public init() { bits = (0, 0, 0, 0) }
    public init<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        self.init()
        for b in bytes { insert(b) }
    }
    public init(range: ClosedRange<UInt8>) {
        self.init()
        for b in range { insert(b) }
    }

    public static let all: ByteSet = {
        var s = ByteSet()
        s.bits = (~0, ~0, ~0, ~0)
        return s
    }()
    public static let digits = ByteSet(range: 0x30...0x39)
    public static let word: ByteSet = ByteSet(range: 0x30...0x39) ∪ ByteSet(range: 0x41...0x5a) ∪ ByteSet(range: 0x61...0x7a) ∪ ByteSet([0x5f])
    public static let space = ByteSet([0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d])
    /// `.`: any byte but newline (PCRE's default, which RE2 shares for ASCII input).
    public static let dot: ByteSet = {
        var s = ByteSet.all
        s.remove(0x0a)
        return s
    }()

    public func contains(_ b: UInt8) -> Bool {
        let i = Int(b)
        switch i >> 6 {
        case 0: return bits.0 & (1 << UInt64(i & 63)) != 0
        case 1: return bits.1 & (1 << UInt64(i & 63)) != 0
        case 2: return bits.2 & (1 << UInt64(i & 63)) != 0
        default: return bits.3 & (1 << UInt64(i & 63)) != 0
        }
    }
    public mutating func insert(_ b: UInt8) {
        let i = Int(b)
        let m: UInt64 = 1 << UInt64(i & 63)
        switch i >> 6 {
        case 0: bits.0 |= m
        case 1: bits.1 |= m
        case 2: bits.2 |= m
        default: bits.3 |= m
        }
    }
    public mutating func remove(_ b: UInt8) {
        let i = Int(b)
        let m: UInt64 = ~(1 << UInt64(i & 63))
        switch i >> 6 {
        case 0: bits.0 &= m
        case 1: bits.1 &= m
        case 2: bits.2 &= m
        default: bits.3 &= m
        }
    }
    public static func ∪ (a: ByteSet, b: ByteSet) -> ByteSet {
        var r = ByteSet()
        r.bits = (a.bits.0 | b.bits.0, a.bits.1 | b.bits.1, a.bits.2 | b.bits.2, a.bits.3 | b.bits.3)
        return r
    }
    public static func ∩ (a: ByteSet, b: ByteSet) -> ByteSet {
        var r = ByteSet()
        r.bits = (a.bits.0 & b.bits.0, a.bits.1 & b.bits.1, a.bits.2 & b.bits.2, a.bits.3 & b.bits.3)
        return r
    }
    public var complement: ByteSet {
        var r = ByteSet()
        r.bits = (~bits.0, ~bits.1, ~bits.2, ~bits.3)
        return r
    }
    public var isEmpty: Bool { bits.0 == 0 && bits.1 == 0 && bits.2 == 0 && bits.3 == 0 }
    public var count: Int { bits.0.nonzeroBitCount + bits.1.nonzeroBitCount + bits.2.nonzeroBitCount + bits.3.nonzeroBitCount }
    /// The members in ascending order.
    public var members: [UInt8] { (0...255).compactMap { contains(UInt8($0)) ? UInt8($0) : nil } }
    /// The only member, when there is exactly one.
    public var single: UInt8? { count == 1 ? members.first : nil }

    public static func == (a: ByteSet, b: ByteSet) -> Bool {
        a.bits.0 == b.bits.0 && a.bits.1 == b.bits.1 && a.bits.2 == b.bits.2 && a.bits.3 == b.bits.3
    }
    public func hash(into h: inout Hasher) {
        h.combine(bits.0)
        h.combine(bits.1)
        h.combine(bits.2)
        h.combine(bits.3)
    }
}

infix operator ∪ : AdditionPrecedence
infix operator ∩ : MultiplicationPrecedence
