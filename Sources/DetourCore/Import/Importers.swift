/// Every importer Detour has; `detour import FORMAT` looks the format up here.
public enum Importers {
    public static let all: [any Importer] = [
        NginxImporter(), ApacheImporter(), NetlifyImporter(), VercelImporter(), TraefikImporter(),
        CSVDialectImporter(.wordpress), CSVDialectImporter(.cloudflare)
    ]

    public static func named(_ name: String) -> (any Importer)? {
        all.first { $0.format == name.lowercased() }
    }

    /// `nginx, apache, …`, for help texts and errors.
    public static var names: String { all.map(\.format).joined(separator: ", ") }

    /// The importer whose format `contents` is, if any (the first of `all` that recognises it).
    public static func detect(contents: String, path: String) -> (any Importer)? {
        all.first { $0.detect(contents: contents, path: path) }
    }
}
