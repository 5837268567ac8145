/// `detour fmt` without the whole parse tree. The parser hands over each top-level entry and each
/// item of the `rules:` list as soon as it is complete; the item is read as a rule, formatted,
/// written out and freed before the next one is parsed. What stays for the whole run is the file's
/// bytes, its line index, the comment spans and the ids seen (for duplicate-id errors), so a
/// 10⁶-rule file formats in a fraction of the memory of loading it (BENCHMARKS.md, "Writes").
/// The bytes are the same as `YAMLRuleFile.formatted()` gives for the loaded file, and a file with
/// problems fails with the same diagnostics as loading it.
final class YAMLStreamingFormat {
    private let file: String
    private let bytes: [UInt8]
    private let index: LineIndex
    private var reader: YAMLRuleReader
    private var output: FormattedOutput
    private var topLevelKeys: [YAMLEntry] = []
    private var sawRules = false
    private var formattedSite = false
    /// The list being streamed: its key's offset, rules so far, ids seen, where the last item ended.
    private var list: (keyStart: Int, count: Int, seen: [String: Int], previousEnd: Int)?
    /// The key of the first `rules:` list, the only one formatted (a second one is an error anyway).
    private var formattedListKey: Int?

    private init(bytes: [UInt8], file: String, sink: @escaping (UnsafeBufferPointer<UInt8>) throws -> Void) {
        self.file = file
        self.bytes = bytes
        self.index = LineIndex(bytes)
        self.reader = YAMLRuleReader(file: file, index: index)
        self.output = FormattedOutput(original: bytes, sink: sink)
    }

    /// Formats `bytes` into `sink` in pieces. Throws `RuleFileError` for a file that does not load
    /// (what `sink` got so far is then to be discarded) and whatever `sink` throws.
    static func format(_ bytes: [UInt8], file: String, into sink: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        try withoutActuallyEscaping(sink) { sink in
            let format = YAMLStreamingFormat(bytes: bytes, file: file, sink: sink)
            try format.run()
        }
    }

    private func run() throws {
        try YAMLRuleFile.checkText(bytes, file: file, index: index)
        var parser = YAMLParser(bytes)
        parser.ruleItemHandler = { [unowned self] key, dash, item, comments in try self.ruleItem(key: key, dash: dash, item: item, comments: comments)
        }
        parser.topLevelEntryHandler = { [unowned self] entry, comments in try self.topLevelEntry(entry, comments: comments) }
        let root: YAMLNode?
        do { root = try parser.parse() } catch let e as YAMLSyntaxError {
            throw YAMLRuleFile.syntaxError(e, file: file, index: index)
        }
        // The same problems, in the same order, as `YAMLRuleReader.read(root:)` reports.
        var keys = YAMLRuleReader(file: file, index: index)
        if let root {
            if case .mapping = root.value {
                keys.checkKeys(topLevelKeys, allowed: RuleFields.topLevel, context: "at the top level")
                if !sawRules { reader.error(root.start, "missing 'rules:' (a list of rules)") }
            } else {
                _ = keys.read(root: root)
            }
        } else {
            _ = keys.read(root: nil)
        }
        let diagnostics = keys.diagnostics + reader.diagnostics
        if !diagnostics.isEmpty { throw RuleFileError(diagnostics) }
        try output.finish()
    }

    /// The formatter's view of the text: bytes, lines and the comments parsed so far.
    private func view(_ comments: [Range<Int>]) -> YAMLRuleFile {
        YAMLRuleFile(file: file, bytes: bytes, ruleSet: RuleSet(), root: nil, index: index, comments: comments, idWritten: [], ruleNodes: [])
    }

    private func topLevelEntry(_ entry: YAMLEntry, comments: [Range<Int>]) throws {
        topLevelKeys.append(
            YAMLEntry(key: entry.key, value: YAMLNode(value: .scalar("", .plain), start: entry.key.end, end: entry.key.end, isFlow: false)))
        switch entry.name {
        case "site":
            let settings = reader.readSite(entry.value)
            guard !formattedSite else { return }
            formattedSite = true
            if reader.diagnostics.isEmpty, let (range, text) = view(comments).formattedSite(entry, settings: settings) {
                try output.replace(range, with: text)
            }
        case "rules":
            sawRules = true
            // A streamed block list arrives empty here; a flow list (`rules: [...]`) is read whole
            // and, as `fmt` leaves flow lists as written, not rewritten.
            guard let items = reader.ruleItems(entry.value) else { return }
            var seen: [String: Int] = [:]
            for (n, item) in items.enumerated() { _ = reader.readListedRule(item, number: n + 1, seen: &seen) }
        default: break
        }
    }

    private func ruleItem(key: YAMLNode, dash: Int, item: YAMLNode, comments: [Range<Int>]) throws {
        if list?.keyStart != key.start { list = (key.start, 0, [:], index.lineEnd(of: key.start)) }
        list!.count += 1
        let rule = reader.readListedRule(item, number: list!.count, seen: &list!.seen)
        if formattedListKey == nil { formattedListKey = key.start }
        guard formattedListKey == key.start, let rule, reader.diagnostics.isEmpty else { return }
        let text = view(comments)
        if list!.count == 1 {
            let (range, line) = text.formattedRulesKeyLine(key)
            try output.replace(range, with: line)
        }
        let previousEnd = list!.previousEnd
        let formatted = text.formattedRuleItem(
            item, dash: dash, rule: rule, idWritten: reader.idWritten.last ?? false, after: previousEnd, first: list!.count == 1)
        list!.previousEnd = text.entryEnd(item)
        try output.replace(previousEnd..<list!.previousEnd, with: formatted)
    }
}

extension YAMLRuleFile {
    /// `fmt` of `bytes` in pieces into `sink`, holding one rule's parse tree at a time (the same
    /// bytes as `formatted()` of the loaded file). Throws `RuleFileError` for a file that does not
    /// load, as `parse` would.
    public static func formatStreaming(_ bytes: [UInt8], file: String, into sink: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        try YAMLStreamingFormat.format(bytes, file: file, into: sink)
    }

    /// Whether `bytes` are already in `fmt`'s form (`fmt --check`), compared piece by piece.
    public static func isFormatted(_ bytes: [UInt8], file: String) throws -> Bool {
        var comparison = PiecewiseComparison(original: bytes)
        try formatStreaming(bytes, file: file) { comparison.compare($0) }
        return comparison.isIdentical
    }

    /// `fmt` of the file at `path` (read as `bytes`, version `options.expected`): writes the
    /// formatted text atomically when it differs, streaming it into the file; returns whether it
    /// wrote. A file already formatted is not touched (nor its read-only state questioned).
    public static func formatFile(_ bytes: [UInt8], path: String, options: AtomicFile.WriteOptions) throws -> Bool {
        do {
            try AtomicFile.write(to: path, options: options) { sink in
                var comparison = PiecewiseComparison(original: bytes)
                try formatStreaming(bytes, file: path) { piece in
                    let wasSame = !comparison.differs
                    comparison.compare(piece)
                    guard comparison.differs else { return }
                    // Nothing is written while the text equals the file; from the first difference on, all of it.
                    if wasSame { try write(bytes[0..<comparison.matched], to: &sink) }
                    try sink.write(piece)
                }
                if comparison.isIdentical { throw Unchanged() }
                // The text is a shorter prefix of the file (a file ending in blank lines).
                if !comparison.differs { try write(bytes[0..<comparison.matched], to: &sink) }
            }
            return true
        } catch is Unchanged {
            return false
        } catch AtomicFile.Failure.readOnly(let p) {
            if try isFormatted(bytes, file: path) { return false }
            throw AtomicFile.Failure.readOnly(p)
        }
    }

    private static func write(_ slice: ArraySlice<UInt8>, to sink: inout FileSink) throws {
        try slice.withUnsafeBufferPointer { try sink.write($0) }
    }

    /// Ends a write whose text turned out to be the file's own.
    private struct Unchanged: Error {}
}
