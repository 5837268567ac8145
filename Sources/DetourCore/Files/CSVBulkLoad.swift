import Dispatch

/// What the rows of a CSV rule file mean: the dialect and where its columns are.
struct CSVRowLayout: Sendable {
    let dialect: CSVRuleFile.Dialect
    let columns: CSVRuleFile.ColumnIndex
    let names: [String: Int]
}

/// Reads the rows of a CSV rule file into rules on every core. Each core takes a piece of whole
/// rows and writes its rules straight into its own stretch of the result arrays (no per-piece
/// arrays to join, no per-row field arrays); the plain rows of bulk files (`id,source,target,code`
/// with an exact path and a literal target) are decided on bytes, every other row goes through
/// the general row readers with the same checks and messages.
enum CSVBulkLoad {
    /// Below this size one core reads the file: starting threads costs more than it saves.
    static let parallelThreshold = 4 << 20
    /// The size of the buffers plain rows' texts are copied into.
    static let textBufferSize = 1 << 20

    /// The rows read: rules in file order, each with its line, its byte range, whether it was a
    /// plain row (decided on bytes, so its bytes follow from its rule) and (when the file has an id
    /// column) the hash of its id; problems as (byte offset, message).
    struct Result {
        var rules: [Rule] = []
        var lines: [Int] = []
        var ranges: [Range<Int>] = []
        var plain: [Bool] = []
        var idHashes: [UInt64] = []
        var problems: [(Int, String)] = []
        /// The first byte that is not UTF-8, when there is one (nothing else is read then).
        var invalidUTF8: Int?
        /// How many cores read the file; later passes over the rows split the same way.
        var parts = 1
    }

    /// Where one piece writes: the start of its stretch in each result array.
    struct Destination: @unchecked Sendable {
        let rules: UnsafeMutablePointer<Rule>
        let lines: UnsafeMutablePointer<Int>
        let ranges: UnsafeMutablePointer<Range<Int>>
        let plain: UnsafeMutablePointer<Bool>
        let hashes: UnsafeMutablePointer<UInt64>?

        /// Where the rule at `n` (already in place) came from.
        @inline(__always)
        func record(_ n: Int, line: Int, range: Range<Int>, plain isPlain: Bool, hash: UInt64) {
            lines[n] = line
            ranges[n] = range
            plain[n] = isPlain
            hashes?[n] = hash
        }

        func advanced(by n: Int) -> Destination {
            Destination(rules: rules + n, lines: lines + n, ranges: ranges + n, plain: plain + n, hashes: hashes.map { $0 + n })
        }

        /// Moves `count` entries from `source` (a later stretch) down to here.
        func moveIn(from source: Destination, count: Int) {
            rules.moveInitialize(from: source.rules, count: count)
            lines.moveInitialize(from: source.lines, count: count)
            ranges.moveInitialize(from: source.ranges, count: count)
            plain.moveInitialize(from: source.plain, count: count)
            if let h = hashes, let s = source.hashes { h.moveInitialize(from: s, count: count) }
        }
    }

    /// How one piece ended.
    struct PieceOutcome: Sendable {
        var count = 0
        var problems: [(Int, String)] = []
        var invalidUTF8: Int?
    }

    /// Reads the rows of `body` (starting on `line`) from `bytes`, which stay valid for the call.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, body: Range<Int>, line: Int, layout: CSVRowLayout) -> Result {
        let parts = bytes.count > parallelThreshold ? Parallel.cores : 1
        let pieces = CSVPiece.split(bytes, range: body, line: line, parts: parts)
        var capacity = 0
        let starts = pieces.map { piece in
            defer { capacity += piece.maxRows }
            return capacity
        }
        let hashIDs = layout.columns.id != nil
        let outcomes = WorkerSlots<PieceOutcome>(count: pieces.count, empty: PieceOutcome())
        var result = Result()
        result.parts = parts
        var total = 0
        // Every array is allocated for the pieces' upper bounds and written in place; slots past
        // the rules read are never touched, so they cost address space, not memory.
        result.lines = Array(unsafeUninitializedCapacity: capacity) { linesBuffer, linesCount in
            result.ranges = Array(unsafeUninitializedCapacity: capacity) { rangesBuffer, rangesCount in
                result.plain = Array(unsafeUninitializedCapacity: capacity) { plainBuffer, plainCount in
                    result.idHashes = Array(unsafeUninitializedCapacity: hashIDs ? capacity : 0) { hashBuffer, hashCount in
                        result.rules = Array(unsafeUninitializedCapacity: capacity) { rulesBuffer, rulesCount in
                            guard capacity > 0, let r = rulesBuffer.baseAddress, let l = linesBuffer.baseAddress,
                                let g = rangesBuffer.baseAddress, let f = plainBuffer.baseAddress
                            else { return }
                            let base = Destination(rules: r, lines: l, ranges: g, plain: f, hashes: hashIDs ? hashBuffer.baseAddress : nil)
                            // Only read, and valid for the whole call.
                            nonisolated(unsafe) let file = bytes
                            DispatchQueue.concurrentPerform(iterations: pieces.count) { k in
                                outcomes.store(k, readPiece(file, pieces[k], into: base.advanced(by: starts[k]), layout: layout))
                            }
                            for (k, outcome) in outcomes.all.enumerated() {
                                if starts[k] != total { base.advanced(by: total).moveIn(from: base.advanced(by: starts[k]), count: outcome.count) }
                                total += outcome.count
                            }
                            rulesCount = total
                        }
                        hashCount = hashIDs ? total : 0
                    }
                    plainCount = total
                }
                rangesCount = total
            }
            linesCount = total
        }
        for outcome in outcomes.all {
            if let bad = outcome.invalidUTF8 { result.invalidUTF8 = min(bad, result.invalidUTF8 ?? bad) }
            result.problems += outcome.problems
        }
        return result
    }

    /// Reads one piece's rows into `out`, in order.
    private static func readPiece(_ buf: UnsafeBufferPointer<UInt8>, _ piece: CSVPiece, into out: Destination, layout: CSVRowLayout) -> PieceOutcome {
        var outcome = PieceOutcome()
        guard let p = buf.baseAddress, !piece.range.isEmpty else { return outcome }
        let end = piece.range.upperBound
        // A plain row is printable ASCII, so only the bytes of other rows need a UTF-8 check;
        // the first bad byte of the piece ends its reading and is all that is reported.
        func invalidUTF8(_ a: Int, _ b: Int) -> Bool {
            guard let bad = ByteScan.firstInvalidUTF8(p, from: a, to: b) else { return false }
            outcome.invalidUTF8 = bad
            return true
        }
        var problems: [(Int, String)] = []
        // The sources and targets of the piece's plain rows are copied into shared buffers
        // (`TextBuffer`) instead of a heap string each.
        var texts = TextBuffer(capacity: min(piece.range.count, textBufferSize))
        func report(_ offset: Int, _ message: String) { problems.append((offset, message)) }
        let col = layout.columns
        let plainShape = layout.dialect == .detour && col.requiredFirst
        // Field boundaries of a plain row: (start, end) pairs for at most the header's columns.
        let spanCapacity = 2 * max(col.count, 1)
        let spans = UnsafeMutablePointer<Int>.allocate(capacity: spanCapacity)
        defer { spans.deallocate() }
        var i = piece.range.lowerBound
        var line = piece.line
        var n = 0
        while i < end, problems.count < 1000 {
            let c = p[i]
            if c == 0x0a {
                line += 1
                i += 1
                continue
            }
            if c == 0x0d {
                i += 1
                continue
            }
            // Every row ends at a line break or the piece's end, so `maxRows` bounds the writes.
            precondition(n < piece.maxRows, "CSV piece holds more rows than line breaks")
            let rowStart = i
            let rowLine = line
            // A quote or more fields than columns sends the row to the general reader.
            var fields = 0
            var j = i
            var plain = plainShape
            while plain {
                let d = ByteScan.nextCSVDelimiter(p, from: j, to: end)
                if (d < end && p[d] == 0x22) || fields == spanCapacity {
                    plain = false
                    break
                }
                spans[fields] = j
                spans[fields + 1] = d
                fields += 2
                j = d
                if d < end, p[d] == 0x2c {
                    j += 1
                    continue
                }
                break
            }
            if plain, fields == spanCapacity, let hash = plainRule(p, spans: spans, col: col, line: rowLine, into: out.rules + n, texts: &texts) {
                if j < end, p[j] == 0x0d { j += 1 }
                if j < end, p[j] == 0x0a {
                    j += 1
                    line += 1
                }
                i = j
                out.record(n, line: rowLine, range: rowStart..<i, plain: true, hash: hash)
                n += 1
                continue
            }
            var reader = CSVReader(buf, range: rowStart..<end, line: rowLine)
            let row: CSVReader.Row
            do {
                guard let r = try reader.next() else { break }
                row = r
            } catch let e as CSVSyntaxError {
                if invalidUTF8(rowStart, end) { break }
                report(e.offset, e.message)
                break
            } catch { break }
            if invalidUTF8(rowStart, reader.offset) { break }
            i = reader.offset
            line = reader.currentLine
            if row.fields.count == 1 && row.fields[0].value.trimmingSpaces().isEmpty { continue }
            let rule: Rule?
            switch layout.dialect {
            case .detour:
                rule = CSVRuleFile.readDetourRow(row, col: col, report: report) { offset in
                    CSVBulkLoad.position(p, of: offset, rowStart: rowStart, rowLine: rowLine)
                }
            case .wordpress: rule = WordPressRedirectionCSV.readRow(row, col: layout.names, report: report)
            // The CSV dialect, not the export target of the same name.
            case CSVRuleFile.Dialect.cloudflare: rule = CloudflareBulkRedirectCSV.readRow(row, report: report)
            }
            guard let rule else { continue }
            (out.rules + n).initialize(to: rule)
            out.record(n, line: rowLine, range: rowStart..<i, plain: false, hash: out.hashes == nil ? 0 : ByteScan.hash(rule.id))
            n += 1
        }
        // Reading stopped early: a bad byte further on still outranks the problems found.
        if outcome.invalidUTF8 == nil, i < end { _ = invalidUTF8(i, end) }
        outcome.problems = problems
        // The rules already read belong to the result even when a bad byte voids it.
        outcome.count = n
        return outcome
    }

    /// A row of only `id,source,target,code` (or without id) holding an exact path, a literal
    /// path target and a known code, decided on its bytes: exactly the rule the general reader
    /// would build, written into `slot`; returns the hash of its id. nil sends the row to the general
    /// reader (and leaves `slot` untouched).
    @inline(__always)
    private static func plainRule(
        _ p: UnsafePointer<UInt8>, spans: UnsafeMutablePointer<Int>, col: CSVRuleFile.ColumnIndex, line: Int,
        into slot: UnsafeMutablePointer<Rule>, texts: inout TextBuffer
    ) -> UInt64? {
        guard let sc = col.source, let tc = col.target, let cc = col.code else { return nil }
        let s0 = spans[2 * sc]
        let s1 = spans[2 * sc + 1]
        let t0 = spans[2 * tc]
        let t1 = spans[2 * tc + 1]
        let c0 = spans[2 * cc]
        let c1 = spans[2 * cc + 1]
        guard c1 - c0 == 3, s1 > s0, t1 > t0,
            let code = StatusCode(rawValue: Int(p[c0] &- 0x30) * 100 + Int(p[c0 + 1] &- 0x30) * 10 + Int(p[c0 + 2] &- 0x30)),
            (0..<3).allSatisfy({ p[c0 + $0] >= 0x30 && p[c0 + $0] <= 0x39 }),
            isExactPath(p, s0, s1), isLiteralPath(p, t0, t1)
        else { return nil }
        let id: String
        let hash: UInt64
        if let ic = col.id {
            let i0 = spans[2 * ic]
            let i1 = spans[2 * ic + 1]
            guard i1 > i0, isID(p, i0, i1) else { return nil }
            id = text(p, i0, i1)
            hash = ByteScan.hash(p, from: i0, to: i1)
        } else {
            id = "row-\(line)"
            hash = 0
        }
        let needed = (s1 - s0) + (t1 - t0)
        if texts.capacity - texts.count < needed { texts = TextBuffer(capacity: max(textBufferSize, needed)) }
        // Plain rows are printable ASCII, so the copied bytes are valid UTF-8.
        func slice(_ a: Int, _ b: Int) -> RuleText { RuleText(texts, offset: texts.append(p + a, count: b - a), count: b - a) }
        slot.initialize(to: Rule(id: id, source: Source(exactText: slice(s0, s1)), target: Target(literal: slice(t0, t1)), code: code))
        return hash
    }

    /// The line and column (in characters) of `offset` inside the row that starts at `rowStart`
    /// on `rowLine` (a quoted field may span lines).
    static func position(_ p: UnsafePointer<UInt8>, of offset: Int, rowStart: Int, rowLine: Int) -> (line: Int, column: Int) {
        var line = rowLine
        var column = 1
        for k in rowStart..<offset {
            if p[k] == 0x0a {
                line += 1
                column = 1
            } else if p[k] & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }

    @inline(__always)
    private static func text(_ p: UnsafePointer<UInt8>, _ a: Int, _ b: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: p + a, count: b - a), as: UTF8.self)
    }

    /// `Source.fastExact` on bytes: `/` then printable ASCII without `?`, `*` or `#`.
    @inline(__always)
    private static func isExactPath(_ p: UnsafePointer<UInt8>, _ a: Int, _ b: Int) -> Bool {
        p[a] == 0x2f && ByteScan.allPrintable(p, from: a, to: b, excluding: 0x3f, 0x2a, 0x23, 0x23)
    }

    /// `Target.isPlainPath` on bytes: `/` then printable ASCII without `*`, `$`, `{` or `}`.
    @inline(__always)
    private static func isLiteralPath(_ p: UnsafePointer<UInt8>, _ a: Int, _ b: Int) -> Bool {
        p[a] == 0x2f && ByteScan.allPrintable(p, from: a, to: b, excluding: 0x2a, 0x24, 0x7b, 0x7d)
    }

    /// `Rule.isValidID` on bytes.
    @inline(__always)
    private static func isID(_ p: UnsafePointer<UInt8>, _ a: Int, _ b: Int) -> Bool {
        for k in a..<b {
            let c = p[k]
            if !((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == 0x2e || c == 0x5f || c == 0x2d) {
                return false
            }
        }
        return true
    }
}
