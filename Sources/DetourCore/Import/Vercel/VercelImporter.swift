/// `detour import vercel`: the `redirects` of a `vercel.json` (with the redirects `cleanUrls` and
/// `trailingSlash: false` imply) to Detour rules in Vercel's order.
public struct VercelImporter: Importer {
    public init() {}

    public var format: String { "vercel" }

    public func importFiles(_ files: [String], options: ImportOptions) throws -> ImportResult {
        var merged: ImportResult? = nil
        for f in files {
            let result = try importBytes(try ImportFileReader.read(f), file: f, options: options)
            merged = merged.map { Self.appending(result, to: $0) } ?? result
        }
        return merged ?? ImportResult(ruleSet: RuleSet(), report: ImportReport())
    }

    public func importText(_ text: String, file: String, options: ImportOptions = ImportOptions()) throws -> ImportResult {
        try importBytes(Array(text.utf8), file: file, options: options)
    }

    private func importBytes(_ bytes: [UInt8], file: String, options: ImportOptions) throws -> ImportResult {
        var t = VercelTranslation(file: file, options: options)
        return try t.run(try PositionedJSON.parse(bytes, file: file))
    }

    /// A second file's rules after the first's, as Vercel would try them were they one file.
    private static func appending(_ b: ImportResult, to a: ImportResult) -> ImportResult {
        var out = a
        out.ruleSet.rules += b.ruleSet.rules
        out.ruleSet.lines += b.ruleSet.lines
        for h in b.ruleSet.site.hosts where !out.ruleSet.site.hosts.contains(h) { out.ruleSet.site.hosts.append(h) }
        out.report.imported += b.report.imported
        out.report.notImported += b.report.notImported
        out.report.notes += b.report.notes
        for (k, v) in b.report.skippedByReason { out.report.skippedByReason[k, default: 0] += v }
        return out
    }

    /// Whether a file is a `vercel.json` (by name, or a JSON object with `redirects`), for
    /// `detour edit FILE` to recognise the format.
    public func detect(contents: String, path: String) -> Bool {
        Self.detect(path: path, bytes: Array(contents.utf8))
    }

    public static func detect(path: String, bytes: [UInt8]) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if name == "vercel.json" { return true }
        guard name.hasSuffix(".json"), let root = try? PositionedJSON.parse(bytes, file: path) else { return false }
        return root["redirects"]?.array != nil
    }
}
