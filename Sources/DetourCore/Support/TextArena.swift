import ImmortalStrings

/// Where the texts of a bulk-loaded rule file live: large blocks that are never freed, each text
/// followed by a NUL, handed out as strings that point into them. A 10⁶-rule CSV otherwise makes
/// two heap strings per rule, and allocating and first touching that memory was most of its load.
///
/// The price is that a bulk file's texts stay in memory until the process ends, even after its
/// rules are dropped: about the size of its source and target columns per load.
struct TextArena {
    private var next: UnsafeMutablePointer<UInt8>?
    private var end: UnsafeMutablePointer<UInt8>?
    /// Bytes asked for at a time; untouched bytes of a block cost address space, not memory.
    private let blockSize: Int

    init(blockSize: Int) {
        self.blockSize = max(blockSize, 4096)
    }

    /// The text of the UTF-8 bytes `a..<b` at `p` (valid UTF-8, ASCII when `isASCII`). Texts that
    /// fit inside a `String` itself are not stored.
    @inline(__always)
    mutating func string(_ p: UnsafePointer<UInt8>, from a: Int, to b: Int, isASCII: Bool) -> String {
        let count = b - a
        if count <= TextArena.inlineLimit { return TextArena.inlineString(p, from: a, to: b, isASCII: isASCII) }
        if next == nil || end! - next! < count + 1 {
            let size = max(blockSize, count + 1)
            next = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
            end = next! + size
        }
        let start = next!
        start.initialize(from: p + a, count: count)
        start[count] = 0
        next = start + count + 1
        return immortalString(start: start, count: count, isASCII: isASCII)
    }

    /// The longest text a `String` holds inside itself.
    static let inlineLimit = 15

    /// The text of at most `inlineLimit` bytes of valid UTF-8, copied into the string itself
    /// without the validation pass of `String(decoding:)`: the literal entry point keeps no pointer
    /// to texts this short.
    @inline(__always)
    static func inlineString(_ p: UnsafePointer<UInt8>, from a: Int, to b: Int, isASCII: Bool) -> String {
        precondition(b - a <= inlineLimit)
        return immortalString(start: p + a, count: b - a, isASCII: isASCII)
    }
}
