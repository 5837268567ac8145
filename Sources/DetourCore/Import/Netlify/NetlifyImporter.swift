/// `detour import netlify`: a `_redirects` file or the `[[redirects]]` of a `netlify.toml` (told
/// apart by the `.toml` ending) to Detour rules in Netlify's own first-match order.
public struct NetlifyImporter: Importer {
    public init() {}

    public var format: String { "netlify" }

    public func importFiles(_ files: [String], options: ImportOptions) throws -> ImportResult {
        var entries: [NetlifyEntry] = []
        for f in files { entries += try Self.entries(try ImportFileReader.read(f), file: f) }
        var t = NetlifyTranslation(options: options)
        return t.run(entries)
    }

    /// Imports the text of one file as if read from `file`.
    public func importText(_ text: String, file: String, options: ImportOptions = ImportOptions()) throws -> ImportResult {
        var t = NetlifyTranslation(options: options)
        return t.run(try Self.entries(Array(text.utf8), file: file))
    }

    static func entries(_ bytes: [UInt8], file: String) throws -> [NetlifyEntry] {
        file.hasSuffix(".toml") ? try NetlifyTOMLFile.parse(bytes, file: file) : try NetlifyRedirectsFile.parse(bytes, file: file)
    }

    /// Whether a file is Netlify's: named `_redirects`, or a `.toml` with a `[[redirects]]` table.
    /// For `detour edit FILE` to recognise the format.
    public func detect(contents: String, path: String) -> Bool {
        Self.detect(path: path, bytes: Array(contents.utf8))
    }

    public static func detect(path: String, bytes: [UInt8]) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if name == "_redirects" { return true }
        guard name.hasSuffix(".toml") else { return false }
        return String(decoding: bytes.prefix(1 << 16), as: UTF8.self).contains("[[redirects]]")
    }
}
