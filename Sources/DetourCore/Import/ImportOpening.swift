/// A server configuration opened where a rule file was expected (issue 16 §6, issue 18 §5):
/// `detour edit site.conf` imports it and edits the result under a new Detour file name, and
/// reading it as a rule file says which importer to use.
public enum ImportOpening {
    /// The imported rules, the report, the importer, and the name the first save writes.
    public struct Opened: Sendable {
        public let source: String
        public let format: String
        public let result: ImportResult
        /// `site.detour.yaml` next to `site.conf`; never the server config itself.
        public let proposedPath: String
    }

    /// Extensions of files Detour reads as rule files itself.
    static let ruleFileExtensions = [".yaml", ".yml", ".csv"]

    /// The importer for `path` when it is a server configuration rather than a rule file; nil
    /// for `.yaml`/`.csv` files and for text no importer recognises.
    public static func importer(forPath path: String, contents: String) -> (any Importer)? {
        let lower = path.lowercased()
        guard !ruleFileExtensions.contains(where: lower.hasSuffix) else { return nil }
        return Importers.detect(contents: contents, path: path)
    }

    /// Imports `path` when it is a server configuration. Throws `ImportError` for one that cannot
    /// be parsed.
    public static func open(path: String, contents: String) throws -> Opened? {
        guard let importer = importer(forPath: path, contents: contents) else { return nil }
        let result = try importer.importFiles([path], options: ImportOptions())
        return Opened(source: path, format: importer.format, result: result, proposedPath: proposedPath(for: path))
    }

    /// `site.conf` → `site.detour.yaml` beside it (`.htaccess` → `htaccess.detour.yaml`), with
    /// `-2`, `-3` … added while that name is taken.
    public static func proposedPath(for path: String, exists: (String) -> Bool = { AtomicFile.stamp($0) != nil }) -> String {
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[...$0]) } ?? ""
        var name = Substring(slash.map { path[path.index(after: $0)...] } ?? Substring(path))
        while name.hasPrefix(".") { name.removeFirst() }
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = name[..<dot] }
        let stem = name.isEmpty ? "imported" : String(name)
        var candidate = dir + stem + ".detour.yaml"
        var n = 2
        while exists(candidate) {
            candidate = dir + stem + "-\(n).detour.yaml"
            n += 1
        }
        return candidate
    }

    /// The message for a server configuration read as a rule file.
    public static func hint(path: String, format: String) -> String {
        "this is \(["apache", "nginx"].contains(format) ? "an" : "a") \(format) configuration, not a Detour rule file: "
            + "import it with `detour import \(format) \(path) -o \(proposedPath(for: path))`, or open it with `detour edit \(path)`"
    }
}
