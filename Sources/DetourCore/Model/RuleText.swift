#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The text of a rule's source or target as Detour keeps it: an ordinary `String`, or a slice of
/// the shared buffer a bulk CSV file's texts were copied into. A 10⁶-row file would otherwise make
/// two heap strings per rule, and allocating them was most of its load; a slice costs no
/// allocation and its bytes go back with the last rule that holds them.
///
/// Reading `string` of a slice longer than 15 bytes makes a new `String`; code that visits every
/// rule reads the bytes instead (`withUTF8`, `==`, `hash`, `hasPrefix`).
public struct RuleText: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    private enum Storage: Sendable {
        case string(String)
        /// `count` bytes at `offset` in the buffer, packed as `offset << 32 | count`.
        case slice(TextBuffer, UInt64)
    }

    private let storage: Storage

    public init(_ string: String) { storage = .string(string) }

    public init(stringLiteral value: String) { storage = .string(value) }

    /// `count` bytes of valid UTF-8 at `offset` in `buffer`, which are never changed afterwards.
    init(_ buffer: TextBuffer, offset: Int, count: Int) {
        precondition(offset >= 0 && count >= 0 && offset + count <= buffer.count && offset < 1 << 32 && count < 1 << 32)
        storage = .slice(buffer, UInt64(offset) << 32 | UInt64(count))
    }

    /// The text as a `String` (made anew from the bytes of a slice).
    public var string: String {
        switch storage {
        case .string(let s): return s
        case .slice: return withUTF8 { String(decoding: $0, as: UTF8.self) }
        }
    }

    public var description: String { string }

    /// The buffer a slice points into (nil for a `String`), for tests of when it is freed.
    var sharedBuffer: TextBuffer? {
        if case .slice(let buffer, _) = storage { return buffer }
        return nil
    }

    /// The number of UTF-8 bytes.
    public var utf8Count: Int {
        switch storage {
        case .string(let s): return s.utf8.count
        case .slice(_, let packed): return Int(packed & 0xffff_ffff)
        }
    }

    public var isEmpty: Bool { utf8Count == 0 }

    /// The first byte, if any.
    public var firstByte: UInt8? {
        switch storage {
        case .string(let s): return s.utf8.first
        case .slice(let buffer, let packed): return packed & 0xffff_ffff == 0 ? nil : buffer.base[Int(packed >> 32)]
        }
    }

    /// Calls `body` with the text's UTF-8 bytes, valid only during the call.
    public func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        switch storage {
        case .string(let s):
            if let r = try s.utf8.withContiguousStorageIfAvailable(body) { return r }
            var copy = s
            return try copy.withUTF8(body)
        case .slice(let buffer, let packed):
            return try withExtendedLifetime(buffer) {
                try body(UnsafeBufferPointer(start: buffer.base + Int(packed >> 32), count: Int(packed & 0xffff_ffff)))
            }
        }
    }

    public func hasPrefix(_ prefix: String) -> Bool {
        withUTF8 { b in prefix.utf8.count <= b.count && zip(b, prefix.utf8).allSatisfy { $0 == $1 } }
    }

    /// Whether `byte` occurs in the text.
    public func contains(byte: UInt8) -> Bool { withUTF8 { $0.contains(byte) } }

    public static func == (a: RuleText, b: RuleText) -> Bool {
        switch (a.storage, b.storage) {
        case (.string(let x), .string(let y)): return x == y
        case (.slice(let x, let p), .slice(let y, let q)) where x === y && p == q: return true
        default: break
        }
        return a.withUTF8 { x in b.withUTF8 { y in x.count == y.count && (x.count == 0 || memoryEqual(x, y)) } }
    }

    public static func == (a: RuleText, b: String) -> Bool {
        if case .string(let x) = a.storage { return x == b }
        return a.withUTF8 { x in b.utf8.count == x.count && b.utf8.elementsEqual(x) }
    }

    /// Hashes the bytes, so a slice and a `String` with the same text hash alike.
    public func hash(into hasher: inout Hasher) {
        withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(0xff as UInt8)
    }

    private static func memoryEqual(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        var k = 0
        let n = x.count
        // Eight bytes at a time: the texts compared on hot paths are paths of 20–60 bytes.
        while k + 8 <= n {
            if UnsafeRawPointer(x.baseAddress! + k).loadUnaligned(as: UInt64.self)
                != UnsafeRawPointer(y.baseAddress! + k).loadUnaligned(as: UInt64.self)
            {
                return false
            }
            k += 8
        }
        while k < n {
            if x[k] != y[k] { return false }
            k += 1
        }
        return true
    }
}

/// Bytes that slices of rule texts point into, filled once while a file loads and given back to
/// the system when the last rule holding a slice of it goes away. Each is its own anonymous
/// mapping rather than heap memory: once glibc's malloc has seen large blocks freed it keeps
/// blocks of this size for reuse, and a reloaded bulk file would then not give its texts back.
/// A buffer holds the texts of some 10⁴ neighbouring rules, so work split over the cores rarely
/// counts references to the same buffer from two cores at once.
final class TextBuffer: @unchecked Sendable {
    let base: UnsafeMutablePointer<UInt8>
    let capacity: Int
    /// Bytes written so far; only the loading core writes, before any slice is shared.
    private(set) var count = 0

    /// Space for `capacity` bytes; pages never written cost address space, not memory.
    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        let mapped = mmap(nil, self.capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let mapped, mapped != UnsafeMutableRawPointer(bitPattern: -1) else { fatalError("cannot map \(self.capacity) bytes for rule texts") }
        base = mapped.bindMemory(to: UInt8.self, capacity: self.capacity)
    }

    deinit { munmap(base, capacity) }

    /// Copies `n` bytes from `p` to the end and returns where they start.
    @inline(__always)
    func append(_ p: UnsafePointer<UInt8>, count n: Int) -> Int {
        precondition(count + n <= capacity, "text buffer overflow")
        let at = count
        (base + at).initialize(from: p, count: n)
        count += n
        return at
    }
}
