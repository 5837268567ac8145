/// `detour import traefik`: the HTTP routers of Traefik dynamic configuration (YAML or TOML) whose
/// middlewares redirect (`redirectRegex`, with `headers` before it for Cache-Control), in the
/// order of the routers' priorities.
public struct TraefikImporter: Importer {
    public init() {}

    public var format: String { "traefik" }

    public func importFiles(_ files: [String], options: ImportOptions) throws -> ImportResult {
        var config = TraefikDynamicConfig()
        for f in files { try config.read(file: f) }
        var t = TraefikTranslation(config: config, options: options)
        return t.run()
    }

    /// Whether a YAML or TOML file is Traefik dynamic configuration (`http:` with `routers`), for
    /// `detour edit FILE` to recognise the format.
    public func detect(contents: String, path: String) -> Bool {
        Self.detect(path: path, bytes: Array(contents.utf8))
    }

    public static func detect(path: String, bytes: [UInt8]) -> Bool {
        guard path.hasSuffix(".yml") || path.hasSuffix(".yaml") || path.hasSuffix(".toml") else { return false }
        let text = String(decoding: bytes.prefix(1 << 16), as: UTF8.self).lowercased()
        return text.contains("routers") && (text.contains("http:") || text.contains("[http."))
    }
}
