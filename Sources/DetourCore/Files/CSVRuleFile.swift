/// A CSV rule file: Detour's own bulk format (a header naming the columns, `source,target,code`
/// required), or the exports of WordPress Redirection and Cloudflare bulk redirects, read as-is.
/// Saving writes Detour's format; unchanged rows of a Detour CSV keep their exact bytes.
public struct CSVRuleFile: Sendable {
    /// Which producer's columns the file has.
    public enum Dialect: String, Sendable {
        /// `source,target,code,…` with a header.
        case detour
        /// WordPress Redirection: `source,target,regex,code,type,hits,title,status`.
        case wordpress
        /// Cloudflare bulk redirects: `SOURCE,TARGET[,STATUS,PRESERVE_QS,INCLUDE_SUBDOMAINS,SUBPATH,PRESERVE_SUFFIX]`, no header.
        case cloudflare
    }

    /// Detour's columns in the order a new file writes them: `id`, the required fields, then the
    /// rule field table's other columns.
    public static let columns: [String] = textColumns.map(\.name)

    /// The rule field table's columns in `columns` order.
    static let textColumns: [RuleFieldColumn] = {
        let leading = ["id"] + RuleFieldTable.fields.filter(\.isRequired).flatMap { $0.columns.map(\.name) }
        return leading.compactMap(RuleFieldTable.column) + RuleFieldTable.columns.filter { !leading.contains($0.name) }
    }()

    /// How many of `columns` a row's fast path reads itself (id and the required fields).
    static let leadingColumnCount = 1 + RuleFieldTable.fields.filter(\.isRequired).reduce(0) { $0 + $1.columns.count }

    public let file: String
    public let dialect: Dialect
    public let ruleSet: RuleSet
    /// The header row's columns (Detour dialect) as written.
    let header: [String]
    /// What unchanged rows are written back from: the whole file, or, for a file parsed from a
    /// mapping, its header and the rows that were not plain.
    let bytes: [UInt8]
    let headerRange: Range<Int>
    /// Each rule's row in `bytes`. An empty range marks a plain row that is not kept: its fields
    /// joined by commas are its bytes, followed by `plainRowEnd`.
    let rowRanges: [Range<Int>]
    /// The line ending of the plain rows that are rebuilt rather than kept.
    var plainRowEnd: [UInt8] = []
    /// The size of the file this was read from, which a save of it will be close to.
    var fileSize = 0
    /// The `#` lines before the header, which carry the site block.
    var preamble = CSVSitePreamble()

    /// What of a site block the `# site.` lines before a CSV header cannot carry, named for a warning.
    public static func unwritableSiteSettings(_ site: SiteSettings) -> [String] { CSVSitePreamble.unwritable(site) }

    /// An empty Detour-dialect file (for writing a new one).
    public static func empty(file: String) -> CSVRuleFile {
        CSVRuleFile(file: file, dialect: .detour, ruleSet: RuleSet(), header: [], bytes: [], headerRange: 0..<0, rowRanges: [])
    }

    /// Parses a CSV rule file held in memory; the result keeps `bytes` for writing unchanged rows.
    public static func parse(_ bytes: [UInt8], file: String) throws -> CSVRuleFile {
        try bytes.withUnsafeBufferPointer { try parse($0, file: file, whole: bytes) }
    }

    /// Parses bytes that are valid only during the call (a mapping of the file). The result copies
    /// the header and the rows that are not plain; a plain row is rebuilt from its rule when saved,
    /// which gives back its bytes. A 10⁶-row bulk file then needs neither a read into fresh memory
    /// nor a 75 MB copy held for saving.
    public static func parse(mapped bytes: UnsafeBufferPointer<UInt8>, file: String) throws -> CSVRuleFile {
        try parse(bytes, file: file, whole: nil)
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, file: String, whole: [UInt8]?) throws -> CSVRuleFile {
        var diagnostics: [Diagnostic] = []
        var index: LineIndex? = nil
        func report(_ offset: Int, _ message: String) {
            if index == nil { index = LineIndex(whole ?? Array(bytes)) }
            let p = index!.position(of: offset)
            diagnostics.append(Diagnostic(file: file, line: p.line, column: p.column, message: message))
        }
        func firstInvalidUTF8(upTo end: Int) -> Int? { bytes.baseAddress.flatMap { ByteScan.firstInvalidUTF8($0, from: 0, to: end) } }
        let preamble = CSVSitePreamble.read(bytes, report: report)
        if !diagnostics.isEmpty { throw RuleFileError(diagnostics) }
        var reader = CSVReader(bytes, range: preamble.end..<bytes.count, line: preamble.headerLine)
        do {
            guard let first = try reader.next() else {
                if let bad = firstInvalidUTF8(upTo: bytes.count) {
                    report(bad, "the file is not valid UTF-8")
                    throw RuleFileError(diagnostics)
                }
                throw RuleFileError(file: file, message: "the file is empty; a CSV rule file starts with a header like source,target,code")
            }
            if let bad = firstInvalidUTF8(upTo: first.range.upperBound) {
                report(bad, "the file is not valid UTF-8")
                throw RuleFileError(diagnostics)
            }
            let names = first.fields.map { $0.value.trimmingSpaces().lowercased() }
            let dialect: Dialect
            var headerRange = first.range
            var bodyStart = first.range.upperBound
            var bodyLine = reader.currentLine
            if WordPressRedirectionCSV.isHeader(names) {
                dialect = .wordpress
            } else if names.contains("source") && names.contains("target") {
                dialect = .detour
                for (k, n) in names.enumerated() where !columns.contains(n) {
                    report(first.fields[k].offset, "unknown column '\(first.fields[k].value)'" + Suggestion.didYouMean(n, in: columns))
                }
                if !names.contains("code") { report(first.range.lowerBound, "the header needs a 'code' column (301, 302, 303, 307 or 308)") }
            } else if CloudflareBulkRedirectCSV.isFirstRow(first) {
                dialect = .cloudflare
                headerRange = first.range.lowerBound..<first.range.lowerBound
                bodyStart = first.range.lowerBound
                bodyLine = first.line
            } else {
                report(
                    first.range.lowerBound,
                    "cannot tell the CSV's columns: expected a header with source,target,code (Detour), source,target,regex,code,… (WordPress Redirection), or Cloudflare's headerless SOURCE,TARGET,…"
                )
                throw RuleFileError(diagnostics)
            }
            var columnMap: [String: Int] = [:]
            for (k, n) in names.enumerated() { columnMap[n] = k }
            let layout = CSVRowLayout(dialect: dialect, columns: ColumnIndex(columnMap), names: columnMap)
            var body = CSVBulkLoad.read(bytes, body: bodyStart..<bytes.count, line: bodyLine, layout: layout)
            if let bad = body.invalidUTF8 {
                report(bad, "the file is not valid UTF-8")
                throw RuleFileError(diagnostics)
            }
            var problems = body.problems
            if layout.columns.id != nil {
                problems += duplicateIDProblems(body, bytes: bytes, idColumn: layout.columns.id!)
            }
            for (offset, message) in problems.sorted(by: { $0.0 < $1.0 }).prefix(1000) { report(offset, message) }
            if !diagnostics.isEmpty { throw RuleFileError(diagnostics) }
            let header = dialect == .detour ? first.fields.map { $0.value.trimmingSpaces() } : []
            let set = RuleSet(site: preamble.site, rules: body.rules, lines: body.lines)
            if let whole {
                return CSVRuleFile(
                    file: file, dialect: dialect, ruleSet: set, header: header, bytes: whole,
                    headerRange: headerRange, rowRanges: body.ranges, preamble: preamble)
            }
            let kept = CSVKeptRows(bytes, header: headerRange, body: &body)
            return CSVRuleFile(
                file: file, dialect: dialect, ruleSet: set, header: header, bytes: kept.bytes,
                headerRange: kept.header, rowRanges: kept.ranges, plainRowEnd: kept.plainRowEnd, fileSize: bytes.count,
                preamble: preamble)
        } catch let e as CSVSyntaxError {
            report(e.offset, e.message)
            throw RuleFileError(diagnostics)
        }
    }

    /// "duplicate id" problems at the id field of every row that repeats an earlier row's id.
    private static func duplicateIDProblems(_ body: CSVBulkLoad.Result, bytes: UnsafeBufferPointer<UInt8>, idColumn: Int) -> [(Int, String)] {
        let rules = body.rules
        let duplicates = DuplicateIDFinder.find(hashes: body.idHashes, parts: body.parts) { rules[$0].id == rules[$1].id }
        return duplicates.prefix(1000).map { d in
            // The id field's offset is found again only for the (few) repeated rows.
            var reader = CSVReader(bytes, range: body.ranges[d.later], line: body.lines[d.later])
            let fields = (try? reader.next())?.fields ?? []
            let offset = idColumn < fields.count ? fields[idColumn].offset : body.ranges[d.later].lowerBound
            return (offset, "duplicate id '\(rules[d.later].id)' (first used at line \(body.lines[d.first]))")
        }
    }

    // MARK: - Rows

    static func makeRule(
        id: String, source: String, sourceOffset: Int, target: String, targetOffset: Int,
        code: StatusCode, report: (Int, String) -> Void
    ) -> Rule? {
        let src: Source
        do { src = try Source.parse(source) } catch let e as SourceSyntaxError {
            report(sourceOffset + e.offset, "source: " + e.message)
            return nil
        } catch { return nil }
        var isPrefix = false
        if case .prefix = src.kind { isPrefix = true }
        do {
            let t = try Target.parse(target, captureCount: src.captureCount, sourceIsPrefix: isPrefix)
            return Rule(id: id, source: src, target: t, code: code)
        } catch let e as TargetSyntaxError {
            report(targetOffset + e.offset, "target: " + e.message)
            return nil
        } catch { return nil }
    }

    /// Where each known column is, looked up once per file instead of once per field.
    struct ColumnIndex {
        let positions: [Int?]
        let count: Int
        let source: Int?, target: Int?, code: Int?, id: Int?
        /// The header has no columns but id, source, target and code: a row needs nothing beyond them.
        let requiredFirst: Bool
        init(_ col: [String: Int]) {
            positions = CSVRuleFile.columns.map { col[$0] }
            count = col.count
            source = col["source"]
            target = col["target"]
            code = col["code"]
            id = col["id"]
            requiredFirst = source != nil && target != nil && code != nil && col.count == (id == nil ? 3 : 4)
        }
        func position(_ name: String) -> Int? {
            guard let k = CSVRuleFile.columnNumber[name] else { return nil }
            return positions[k]
        }
    }

    static let columnNumber: [String: Int] = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })

    /// Reads one row of Detour's own dialect. What makes a row unreadable (no source, a bad id,
    /// more fields than columns) is reported; a field whose text gives no value (a regex outside
    /// the subset, `$2` with one group, code 305) makes the rule invalid instead: kept as written,
    /// with its problems placed by `locate` (line and column of a byte offset).
    static func readDetourRow(
        _ row: CSVReader.Row, col: ColumnIndex,
        report: (Int, String) -> Void, locate: (Int) -> (line: Int, column: Int)
    ) -> Rule? {
        func field(at k: Int?) -> CSVReader.Field? {
            guard let k, k < row.fields.count else { return nil }
            let f = row.fields[k]
            return f.value.isEmpty ? nil : f
        }
        guard let s = field(at: col.source) else {
            report(row.range.lowerBound, "the row has no source")
            return nil
        }
        guard let t = field(at: col.target) else {
            report(row.range.lowerBound, "the row has no target")
            return nil
        }
        guard let c = field(at: col.code) else {
            report(row.range.lowerBound, "the row has no code")
            return nil
        }
        let id: String
        if let f = field(at: col.id) {
            guard Rule.isValidID(f.value) else {
                report(f.offset, "id '\(f.value)' may only use letters, digits, '.', '_' and '-'")
                return nil
            }
            id = f.value
        } else {
            id = "row-\(row.line)"
        }
        if row.fields.count > col.count {
            report(row.fields[col.count].offset, "row has \(row.fields.count) fields but the header has \(col.count) columns")
            return nil
        }
        var problems: [RuleProblem] = []
        func problem(_ offset: Int, _ field: String, _ text: String, _ message: String) {
            let p = locate(offset)
            problems.append(RuleProblem(field: field, text: text, message: message, line: p.line, column: p.column))
        }
        var code = StatusCode.found
        if let n = Int(c.value), let known = StatusCode(rawValue: n) {
            code = known
        } else {
            problem(c.offset, "code", c.value, "code must be one of 301, 302, 303, 307, 308, found '\(c.value)'")
        }
        var rule = makeRule(id: id, source: s.value, sourceOffset: s.offset, target: t.value, targetOffset: t.offset, code: code) {
            problem($0, $1.hasPrefix("source") ? "source" : "target", $1.hasPrefix("source") ? s.value : t.value, $1)
        }
        if rule == nil { rule = Rule(id: id, source: Source.unparsed(s.value), target: Target.unparsed(t.value), code: code) }
        var out = rule!
        // Plain rows (only the required columns filled) need nothing more.
        if !(row.fields.count <= 4 && col.requiredFirst) {
            for k in leadingColumnCount..<textColumns.count {
                guard let f = field(at: col.positions[k]) else { continue }
                do { try textColumns[k].read(f.value, into: &out) } catch { problem(f.offset, textColumns[k].name, f.value, error.message) }
            }
        }
        if !problems.isEmpty { out.problems = problems }
        return out
    }

    // MARK: - Writing

    /// Detour CSV for `set`: unchanged rows keep their bytes when this file was Detour CSV already.
    public func render(_ set: RuleSet) -> [UInt8] { saved(set).bytes }

    /// The file as it stands after writing `set` (its bytes, rows and rules), without reading it back.
    public func saved(_ set: RuleSet) -> CSVRuleFile {
        let reuse = dialect == .detour && !header.isEmpty
        let cols: [String] = reuse ? header.map { $0.lowercased() } : CSVRuleFile.neededColumns(set)
        let missing = reuse ? CSVRuleFile.neededColumns(set).filter { !cols.contains($0) } : []
        if !missing.isEmpty {
            var fresh = CSVRuleFile.empty(file: file)
            fresh.preamble = preamble
            return fresh.saved(set)
        }
        var out: [UInt8] = []
        out.reserveCapacity(max(bytes.count, fileSize, set.rules.count * 64))
        let preambleBytes = preamble.rendered(for: set.site)
        out.append(contentsOf: preambleBytes)
        let headerStart = out.count
        if reuse { out.append(contentsOf: bytes[headerRange]) } else { out.append(contentsOf: Array((cols.joined(separator: ",") + "\n").utf8)) }
        if out.last != 0x0a { out.append(0x0a) }
        let newHeader = headerStart..<out.count
        // Built only when rules moved: a save of an edit in place never hashes an id.
        var byIDStorage: [String: Int]? = nil
        func byID(_ id: String) -> Int? {
            if byIDStorage == nil {
                var d: [String: Int] = [:]
                d.reserveCapacity(ruleSet.rules.count)
                for (k, r) in ruleSet.rules.enumerated() { d[r.id] = k }
                byIDStorage = d
            }
            return byIDStorage![id]
        }
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(set.rules.count)
        var lines: [Int] = []
        lines.reserveCapacity(set.rules.count)
        var line = 2 + preambleBytes.reduce(0) { $0 + ($1 == 0x0a ? 1 : 0) }
        for (n, rule) in set.rules.enumerated() {
            let start = out.count
            // Same position and same rule is the common case of a save; check it before hashing ids.
            let k = reuse ? (n < ruleSet.rules.count && ruleSet.rules[n].id == rule.id ? n : byID(rule.id)) : nil
            if let k, ruleSet.rules[k] == rule {
                if rowRanges[k].isEmpty {
                    CSVRuleFile.appendPlainRow(rule, columns: cols, to: &out)
                    out.append(contentsOf: plainRowEnd)
                } else {
                    out.append(contentsOf: bytes[rowRanges[k]])
                }
                if out.last != 0x0a { out.append(0x0a) }
            } else {
                out.append(contentsOf: Array(CSVRuleFile.row(rule, columns: cols).utf8))
            }
            ranges.append(start..<out.count)
            lines.append(line)
            for b in out[start..<out.count] where b == 0x0a { line += 1 }
        }
        var written = CSVSitePreamble()
        written.site = set.site
        written.bytes = preambleBytes
        return CSVRuleFile(
            file: file, dialect: .detour, ruleSet: RuleSet(site: set.site, rules: set.rules, lines: lines),
            header: cols, bytes: out, headerRange: newHeader, rowRanges: ranges, preamble: written)
    }

    /// The columns a set of rules needs: id, the required fields and every column some rule's
    /// value is not the default in.
    static func neededColumns(_ set: RuleSet) -> [String] {
        var used = Array(repeating: false, count: textColumns.count)
        for k in 0..<leadingColumnCount { used[k] = true }
        // The predicates are taken out of their columns once: copying a column per rule and
        // column (10⁶ × 15) would retain and release all its closures each time.
        var open = Array(leadingColumnCount..<textColumns.count)
        var isDefault = open.map { textColumns[$0].isDefault }
        for r in set.rules where !r.hasOnlyRequiredFields {
            var k = 0
            while k < open.count {
                if isDefault[k](r) {
                    k += 1
                    continue
                }
                used[open[k]] = true
                open.remove(at: k)
                isDefault.remove(at: k)
            }
            if open.isEmpty { break }
        }
        return columns.indices.filter { used[$0] }.map { columns[$0] }
    }

    /// The bytes of a plain row (columns among id, source, target and code, no field quoted) for
    /// `r`, without its line ending: what the row held when it was read.
    static func appendPlainRow(_ r: Rule, columns: [String], to out: inout [UInt8]) {
        func append(_ text: String) {
            var text = text
            text.withUTF8 { out.append(contentsOf: $0) }
        }
        for (k, c) in columns.enumerated() {
            if k > 0 { out.append(0x2c) }
            switch c {
            case "id": append(r.id)
            case "source": append(r.source.text)
            case "target": append(r.target.text)
            case "code":
                let code = r.code.rawValue
                out.append(UInt8(0x30 + code / 100))
                out.append(UInt8(0x30 + code / 10 % 10))
                out.append(UInt8(0x30 + code % 10))
            default: preconditionFailure("column '\(c)' is never part of a plain row")
            }
        }
    }

    static func row(_ r: Rule, columns: [String]) -> String {
        var fields: [String] = []
        fields.reserveCapacity(columns.count)
        for c in columns {
            // A field that did not parse is written as it was typed, so a rewrite keeps it for fixing.
            if r.isInvalid, let p = r.problems.first(where: { $0.field == c }) {
                fields.append(CSVReader.quote(p.text))
                continue
            }
            fields.append(CSVReader.quote(columnNumber[c].map { textColumns[$0].text(r) } ?? ""))
        }
        return fields.joined(separator: ",") + "\n"
    }
}
