#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where `fmt`'s text goes, piece by piece: the original file's bytes between the rewritten
/// spans, each rewritten span, all through the line-end pass (no spaces, tabs or carriage returns
/// at line ends, exactly one final newline). Pieces arrive in file order, so a 10⁶-rule file is
/// formatted without ever holding its formatted text.
struct FormattedOutput {
    private let bytes: [UInt8]
    /// A byte order mark stays first: an edit of the first line starts after it.
    private let floor: Int
    private var position = 0
    private var trimmer = LineEndTrimmer()
    private let sink: (UnsafeBufferPointer<UInt8>) throws -> Void

    init(original bytes: [UInt8], sink: @escaping (UnsafeBufferPointer<UInt8>) throws -> Void) {
        self.bytes = bytes
        self.floor = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        self.sink = sink
    }

    /// Copies the original text up to `range` and writes `replacement` in its place. Ranges must
    /// come in file order and must not overlap.
    mutating func replace(_ range: Range<Int>, with replacement: String) throws {
        let lower = max(range.lowerBound, floor)
        try bytes.withUnsafeBufferPointer { try trimmer.feed(UnsafeBufferPointer(rebasing: $0[position..<lower]), into: sink) }
        var text = replacement
        try text.withUTF8 { try trimmer.feed($0, into: sink) }
        position = max(range.upperBound, lower)
    }

    /// Copies the rest of the original text and ends the output.
    mutating func finish() throws {
        try bytes.withUnsafeBufferPointer { try trimmer.feed(UnsafeBufferPointer(rebasing: $0[position...]), into: sink) }
        position = bytes.count
        try trimmer.finish(into: sink)
    }
}

/// The line-end pass of `fmt` over text that arrives in pieces: spaces, tabs and carriage returns
/// before a line break are dropped, blank lines at the very end are dropped, and the text ends
/// with exactly one newline. What is held back (a line's trailing blanks, a run of line breaks)
/// is written only once content follows it.
struct LineEndTrimmer {
    private var pendingBlanks: [UInt8] = []
    private var pendingBreaks = 0
    private var out: [UInt8] = []
    private static let chunk = 1 << 16

    mutating func feed(_ input: UnsafeBufferPointer<UInt8>, into sink: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        var k = 0
        while k < input.count {
            let c = input[k]
            if c == 0x0a {
                pendingBlanks.removeAll(keepingCapacity: true)
                pendingBreaks += 1
                k += 1
            } else if Self.isBlank(c) {
                // A run of blanks in one step: kept when content follows on its line, dropped
                // before a line break, held when the piece ends.
                var end = k + 1
                while end < input.count, Self.isBlank(input[end]) { end += 1 }
                if end == input.count {
                    pendingBlanks.append(contentsOf: UnsafeBufferPointer(rebasing: input[k..<end]))
                } else if input[end] != 0x0a {
                    flushPending()
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: input[k..<end]))
                }
                k = end
            } else {
                flushPending()
                // A run of plain content bytes goes in one copy.
                var end = k + 1
                while end < input.count, input[end] != 0x0a, !Self.isBlank(input[end]) { end += 1 }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: input[k..<end]))
                k = end
                if out.count >= Self.chunk { try drain(into: sink) }
            }
        }
    }

    private static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0d }

    /// Ends the text: one final newline (the only byte of a text without content).
    mutating func finish(into sink: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        pendingBlanks.removeAll()
        pendingBreaks = 0
        out.append(0x0a)
        try drain(into: sink)
    }

    private mutating func flushPending() {
        for _ in 0..<pendingBreaks { out.append(0x0a) }
        pendingBreaks = 0
        out.append(contentsOf: pendingBlanks)
        pendingBlanks.removeAll(keepingCapacity: true)
    }

    private mutating func drain(into sink: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        try out.withUnsafeBufferPointer { try sink($0) }
        out.removeAll(keepingCapacity: true)
    }
}

/// Compares text that arrives in pieces with a file's bytes (`fmt --check`, and `fmt` deciding
/// whether to write at all) without holding the text.
struct PiecewiseComparison {
    let original: [UInt8]
    /// How many leading bytes of the pieces matched the original so far.
    private(set) var matched = 0
    /// Whether a piece has differed from (or run past) the original.
    private(set) var differs = false

    init(original: [UInt8]) { self.original = original }

    mutating func compare(_ piece: UnsafeBufferPointer<UInt8>) {
        guard !differs else { return }
        guard !piece.isEmpty else { return }
        guard matched + piece.count <= original.count,
            original.withUnsafeBufferPointer({ memcmp($0.baseAddress! + matched, piece.baseAddress!, piece.count) == 0 })
        else {
            differs = true
            return
        }
        matched += piece.count
    }

    /// Whether everything compared so far is exactly the original.
    var isIdentical: Bool { !differs && matched == original.count }
}
