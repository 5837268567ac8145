/// The `RewriteMap`s of a context: `txt:` files read (relative names from the configuration's
/// directory; `key value` lines, `#` comments), `int:tolower` and `int:toupper`. Other kinds
/// (`dbm:`, `rnd:`, `prg:`, `dbd:`) are remembered with why a lookup in them is not imported.
struct ApacheRewriteMaps {
    enum Map {
        case text([(key: String, value: String)])
        case lowerCase
        case upperCase
        case unreadable(ImportWhy)
    }

    private(set) var maps: [String: Map] = [:]

    /// Reads every `RewriteMap name type:source` of `body`; a map file that cannot be read makes
    /// its lookups reported, not the import fail.
    init(_ body: [ApacheDirective]) {
        for d in body where d.key == "rewritemap" && d.args.count >= 2 {
            maps[d.args[0]] = Self.read(d)
        }
    }

    static func read(_ d: ApacheDirective) -> Map {
        let spec = d.args[1]
        guard let colon = spec.firstIndex(of: ":") else { return .unreadable(ImportWhy("RewriteMap '\(spec)' has no type")) }
        let kind = spec[..<colon].lowercased()
        let source = String(spec[spec.index(after: colon)...])
        switch kind {
        case "int":
            switch source.lowercased() {
            case "tolower": return .lowerCase
            case "toupper": return .upperCase
            default: return .unreadable(ImportWhy("the internal map int:\(source) has no Detour form"))
            }
        case "txt":
            let path = source.hasPrefix("/") ? source : ApacheRewriteMaps.directory(of: d.file) + "/" + source
            guard let bytes = try? AtomicFile.read(path) else {
                return .unreadable(ImportWhy("the map file \(path) (RewriteMap at line \(d.line)) cannot be read"))
            }
            var entries: [(key: String, value: String)] = []
            var seen = Set<String>()
            for line in String(decoding: bytes, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
                let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
                guard let key = words.first, !key.hasPrefix("#"), words.count >= 2 else { continue }
                // httpd answers the first line of a key.
                if seen.insert(String(key)).inserted { entries.append((String(key), String(words[1]))) }
            }
            return .text(entries)
        default:
            return .unreadable(ImportWhy("a \(kind): RewriteMap is looked up outside the configuration; only txt: maps are read"))
        }
    }

    subscript(name: String) -> Map? { maps[name] }

    static func directory(of file: String) -> String {
        file.contains("/") ? String(file[..<file.lastIndex(of: "/")!]) : "."
    }
}
