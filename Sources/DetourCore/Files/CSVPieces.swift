import Dispatch

/// A run of whole CSV rows, read by one core: where it is, the line it starts on, and at most how
/// many rows it can hold (its line breaks plus one), so every piece can write its rules straight
/// into its own stretch of the loaded arrays.
struct CSVPiece: Sendable {
    let range: Range<Int>
    let line: Int
    let maxRows: Int
}

extension CSVPiece {
    /// Splits `range` (starting on `line`) into about `parts` pieces that end on a line break outside
    /// quotes. Every core first counts the line feeds and quotes of an equal share of the bytes; a
    /// share's quote parity then says whether a line break near its start is inside a quoted field.
    static func split(_ buf: UnsafeBufferPointer<UInt8>, range: Range<Int>, line: Int, parts: Int) -> [CSVPiece] {
        guard let p = buf.baseAddress, parts > 1, range.count > parts * 64 else {
            let c = buf.baseAddress.map { ByteScan.countBreaksAndQuotes($0, from: range.lowerBound, to: range.upperBound) } ?? .init()
            return [CSVPiece(range: range, line: line, maxRows: c.lineFeeds + c.returns + 1)]
        }
        let share = range.count / parts
        let starts = (0..<parts).map { range.lowerBound + $0 * share }
        let counts = WorkerSlots<ByteScan.BreakCount>(count: parts, empty: .init())
        nonisolated(unsafe) let base = p
        DispatchQueue.concurrentPerform(iterations: parts) { k in
            let end = k + 1 < parts ? starts[k + 1] : range.upperBound
            counts.store(k, ByteScan.countBreaksAndQuotes(base, from: starts[k], to: end))
        }
        let shares = counts.all
        // Boundary k: the first line break at or after share k's start that is outside quotes,
        // with the line feeds passed on the way there.
        var boundaries = [(offset: range.lowerBound, skipped: 0)]
        var quotesBefore = 0
        for k in 1..<parts {
            quotesBefore += shares[k - 1].quotes
            var inQuotes = quotesBefore % 2 == 1
            var i = starts[k]
            var skipped = 0
            let limit = k + 1 < parts ? starts[k + 1] : range.upperBound
            while i < limit {
                let c = p[i]
                if c == 0x22 {
                    inQuotes.toggle()
                } else if c == 0x0a {
                    skipped += 1
                    if !inQuotes { break }
                }
                i += 1
            }
            // A quoted field longer than a whole share: read the file as one piece.
            guard i < limit else { return split(buf, range: range, line: line, parts: 1) }
            boundaries.append((i + 1, skipped))
        }
        boundaries.append((range.upperBound, 0))
        var pieces: [CSVPiece] = []
        var linesBefore = 0
        for k in 0..<parts {
            let lines = shares[k].lineFeeds - boundaries[k].skipped + boundaries[k + 1].skipped
            // A bare CR also ends a row; counting every CR of the neighbouring share over-counts safely.
            let returns = shares[k].returns + (k + 1 < parts ? shares[k + 1].returns : 0)
            // Every piece but the last ends with a line feed, so a row only ends at the piece's end
            // without one when the file does. An exact bound leaves no gap to close after reading.
            let pieceEnd = boundaries[k + 1].offset
            let unterminated = pieceEnd > boundaries[k].offset && p[pieceEnd - 1] != 0x0a ? 1 : 0
            pieces.append(
                CSVPiece(
                    range: boundaries[k].offset..<pieceEnd,
                    line: line + linesBefore + boundaries[k].skipped, maxRows: lines + returns + unterminated))
            linesBefore += shares[k].lineFeeds
        }
        return pieces
    }
}
