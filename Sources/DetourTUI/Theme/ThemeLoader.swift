import DetourCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Finds and parses theme files: a path, a name in `$XDG_CONFIG_HOME/detour/themes/`, or a
/// built-in (compiled from the repository's `themes/` folder), with `inherits` followed.
public struct ThemeLoader: Sendable {
    /// Folders searched for `NAME.toml` before the built-ins.
    public var searchFolders: [String]

    public init(searchFolders: [String] = ThemeLoader.userFolders()) {
        self.searchFolders = searchFolders
    }

    /// `$XDG_CONFIG_HOME/detour/themes` (or `~/.config/detour/themes`).
    public static func userFolders() -> [String] {
        let env = ProcessInfo.processInfo.environment
        if let x = env["XDG_CONFIG_HOME"], !x.isEmpty { return [x + "/detour/themes"] }
        if let h = env["HOME"], !h.isEmpty { return [h + "/.config/detour/themes"] }
        return []
    }

    /// Every theme name available: built-ins and the user's own.
    public func availableNames() -> [String] {
        var names = Set(BuiltinThemes.sources.keys)
        for folder in searchFolders {
            for f in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where f.hasSuffix(".toml") {
                names.insert(String(f.dropLast(5)))
            }
        }
        return names.sorted()
    }

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case notFound(String, known: [String])
        case file(ThemeFileError)
        case inheritanceCycle([String])

        public var description: String {
            switch self {
            case .notFound(let n, let known):
                let hint = Suggestion.closest(to: n, in: known).map { " (did you mean '\($0)'?)" } ?? ""
                return "no theme named '\(n)'\(hint); themes: \(known.joined(separator: ", "))"
            case .file(let e): return e.description
            case .inheritanceCycle(let chain): return "theme inheritance cycle: " + chain.joined(separator: " → ")
            }
        }
    }

    /// Loads a theme by name or path (anything containing `/` or ending in `.toml` is a path).
    public func load(_ nameOrPath: String) throws -> Theme {
        var chain: [String] = []
        let layers = try layersOf(nameOrPath, chain: &chain)
        return try resolve(layers)
    }

    private func source(of nameOrPath: String) throws -> (text: String, file: String) {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".toml") {
            guard let data = FileManager.default.contents(atPath: nameOrPath) else {
                throw Failure.notFound(nameOrPath, known: availableNames())
            }
            return (String(decoding: data, as: UTF8.self), nameOrPath)
        }
        for folder in searchFolders {
            let p = folder + "/" + nameOrPath + ".toml"
            if let data = FileManager.default.contents(atPath: p) { return (String(decoding: data, as: UTF8.self), p) }
        }
        if let text = BuiltinThemes.sources[nameOrPath] { return (text, "themes/\(nameOrPath).toml") }
        throw Failure.notFound(nameOrPath, known: availableNames())
    }

    /// The theme files from the root ancestor down to `nameOrPath`.
    private func layersOf(_ nameOrPath: String, chain: inout [String]) throws -> [ThemeFile] {
        if chain.contains(nameOrPath) { throw Failure.inheritanceCycle(chain + [nameOrPath]) }
        chain.append(nameOrPath)
        let (text, file) = try source(of: nameOrPath)
        let parsed: ThemeFile
        do { parsed = try ThemeFile.parse(text, file: file) } catch let e as ThemeFileError { throw Failure.file(e) }
        guard let parent = parsed.inherits else { return [parsed] }
        var parentRef = parent
        if (nameOrPath.contains("/") || nameOrPath.hasSuffix(".toml")) && !parent.contains("/") {
            let dir = (nameOrPath as NSString).deletingLastPathComponent
            let sibling = (dir.isEmpty ? "." : dir) + "/" + parent + ".toml"
            if FileManager.default.fileExists(atPath: sibling) { parentRef = sibling }
        }
        return try layersOf(parentRef, chain: &chain) + [parsed]
    }

    private func resolve(_ layers: [ThemeFile]) throws -> Theme {
        var palette: [String: ColorValue] = [:]
        var roles: [String: ThemeFile.RoleSpec] = [:]
        for layer in layers {
            palette.merge(layer.palette) { $1 }
            roles.merge(layer.roles) { $1 }
        }
        func color(_ c: ThemeFile.ColorRef?) throws -> ColorValue? {
            switch c {
            case nil: return nil
            case .value(let v): return v
            case .palette(let name, let unknown):
                guard let v = palette[name] else { throw Failure.file(unknown) }
                return v
            }
        }
        func style(_ spec: ThemeFile.RoleSpec) throws -> Style {
            Style(fg: try color(spec.fg), bg: try color(spec.bg), modifiers: spec.modifiers)
        }
        let base = try roles["base"].map(style) ?? .plain
        var styles: [ThemeRole: Style] = [:]
        for role in ThemeRole.allCases {
            if let spec = role.fallbackChain.lazy.compactMap({ roles[$0] }).first {
                styles[role] = role == .base ? base : base.patched(try style(spec))
            } else {
                styles[role] = base
            }
        }
        return Theme(name: layers.last?.name ?? "theme", styles: styles)
    }
}
