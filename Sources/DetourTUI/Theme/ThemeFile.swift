import DetourCore

/// One parsed theme file before inheritance is resolved: name, parent, palette and role specs,
/// every value checked with its line and column.
struct ThemeFile: Sendable {
    enum ColorRef: Sendable, Equatable {
        case value(ColorValue)
        /// A `[palette]` name; checked when inheritance is resolved (a parent may define it).
        case palette(String, ThemeFileError)
    }

    struct RoleSpec: Sendable, Equatable {
        var fg: ColorRef?
        var bg: ColorRef?
        var modifiers: Modifiers = []
    }

    var name: String
    var inherits: String?
    var palette: [String: ColorValue] = [:]
    var roles: [String: RoleSpec] = [:]

    static func parse(_ text: String, file: String) throws -> ThemeFile {
        let document = try ThemeTOMLDocument(text, file: file)
        let entries = document.entries
        func fail(_ message: String, _ p: SourcePosition) -> ThemeFileError {
            ThemeFileError(file: file, line: p.line, column: p.column, message: message)
        }
        for t in document.tables where t.name != "palette" && t.name != "roles" {
            let hint = Suggestion.closest(to: t.name, in: ["palette", "roles"]).map { " (did you mean '\($0)'?)" } ?? ""
            throw fail("unknown table [\(t.name)]\(hint); tables are [palette] and [roles]", t.position)
        }
        var theme = ThemeFile(
            name: (file as String).split(separator: "/").last.map { String($0.replacingOccurrences(of: ".toml", with: "")) } ?? "theme")
        // Palette names first, so roles can use names defined below them.
        for e in entries where e.table == "palette" {
            guard case .string(let s, let p) = e.value else {
                if case .integer(let n, let p) = e.value {
                    guard (0...255).contains(n) else { throw fail("a colour index is 0–255, found \(n)", p) }
                    theme.palette[e.key] = .indexed(UInt8(n))
                    continue
                }
                throw fail("a palette colour is a name, \"#rrggbb\" or 0–255", e.value.position)
            }
            guard let c = parseColor(s) else { throw fail("unknown colour '\(s)'" + colorHint(s), p) }
            theme.palette[e.key] = c
        }
        let roleNames = ThemeRole.allCases.map(\.rawValue)
        if let e = entries.first(where: { $0.table == "" && $0.key == "inherits" }), case .string(let parent, _) = e.value {
            theme.inherits = parent
        }
        for e in entries {
            switch e.table {
            case "":
                guard case .string(let s, _) = e.value else { throw fail("'\(e.key)' must be a string", e.value.position) }
                switch e.key {
                case "name": theme.name = s
                case "inherits": theme.inherits = s
                default:
                    let hint = Suggestion.closest(to: e.key, in: ["name", "inherits"]).map { " (did you mean '\($0)'?)" } ?? ""
                    throw fail("unknown key '\(e.key)'\(hint); top-level keys are name and inherits", e.position)
                }
            case "palette":
                continue
            case "roles":
                guard roleNames.contains(e.key) || roleNames.contains(where: { $0.hasPrefix(e.key + ".") }) else {
                    let hint = Suggestion.closest(to: e.key, in: roleNames).map { " (did you mean '\($0)'?)" } ?? ""
                    throw fail("unknown role '\(e.key)'\(hint)", e.position)
                }
                theme.roles[e.key] = try roleSpec(e.value, palette: theme.palette, inherits: theme.inherits != nil, fail: fail)
            default:
                let hint = Suggestion.closest(to: e.table, in: ["palette", "roles"]).map { " (did you mean '\($0)'?)" } ?? ""
                throw fail("unknown table [\(e.table)]\(hint); tables are [palette] and [roles]", e.position)
            }
        }
        return theme
    }

    private static func roleSpec(
        _ v: TOMLValue, palette: [String: ColorValue], inherits: Bool,
        fail: (String, SourcePosition) -> ThemeFileError
    ) throws -> RoleSpec {
        func ref(_ v: TOMLValue) throws -> ColorRef {
            switch v {
            case .integer(let n, let p):
                guard (0...255).contains(n) else { throw fail("a colour index is 0–255, found \(n)", p) }
                return .value(.indexed(UInt8(n)))
            case .string(let s, let p):
                if let c = parseColor(s) { return .value(c) }
                let unknown = fail("unknown colour '\(s)'" + colorHint(s, palette: Array(palette.keys)), p)
                if palette[s] != nil || inherits { return .palette(s, unknown) }
                throw unknown
            default:
                throw fail("a colour is a name, \"#rrggbb\", 0–255 or a palette name", v.position)
            }
        }
        switch v {
        case .string, .integer:
            return RoleSpec(fg: try ref(v))
        case .table(let entries, _):
            var spec = RoleSpec()
            for e in entries {
                switch e.key {
                case "fg": spec.fg = try ref(e.value)
                case "bg": spec.bg = try ref(e.value)
                case "modifiers":
                    guard case .array(let items, _) = e.value else { throw fail("modifiers is a list like [\"bold\"]", e.value.position) }
                    for item in items {
                        guard case .string(let m, let p) = item else { throw fail("a modifier is a string", item.position) }
                        guard let mod = Modifiers.named.first(where: { $0.0 == m }) else {
                            let names = Modifiers.named.map(\.0)
                            let hint = Suggestion.closest(to: m, in: names).map { " (did you mean '\($0)'?)" } ?? ""
                            throw fail("unknown modifier '\(m)'\(hint); modifiers: \(names.joined(separator: ", "))", p)
                        }
                        spec.modifiers.insert(mod.1)
                    }
                default:
                    let hint = Suggestion.closest(to: e.key, in: ["fg", "bg", "modifiers"]).map { " (did you mean '\($0)'?)" } ?? ""
                    throw fail("unknown key '\(e.key)'\(hint); a role has fg, bg and modifiers", e.position)
                }
            }
            return spec
        default:
            throw fail("a role is a colour or { fg = …, bg = …, modifiers = [...] }", v.position)
        }
    }

    private static func colorHint(_ s: String, palette: [String] = []) -> String {
        let names = ColorValue.ansiNames + ["default"] + palette
        return Suggestion.closest(to: s, in: names).map { " (did you mean '\($0)'?)" } ?? "; use a name, \"#rrggbb\", 0–255 or a palette name"
    }

    /// `default`, an ANSI name (`bright-*`, `gray`/`grey` accepted), `#rgb` or `#rrggbb`.
    static func parseColor(_ s: String) -> ColorValue? {
        let t = s.lowercased()
        if t == "default" || t == "reset" { return .terminalDefault }
        if t == "gray" || t == "grey" { return .ansi(8) }
        let normalized = t.hasPrefix("bright-") ? "light-" + t.dropFirst(7) : t
        if let i = ColorValue.ansiNames.firstIndex(of: normalized) { return .ansi(UInt8(i)) }
        if t.hasPrefix("#") {
            let hex = Array(t.dropFirst())
            guard hex.allSatisfy(\.isHexDigit) else { return nil }
            if hex.count == 6 {
                let v = hex.map { UInt8(String($0), radix: 16)! }
                return .rgb(v[0] * 16 + v[1], v[2] * 16 + v[3], v[4] * 16 + v[5])
            }
            if hex.count == 3 {
                let v = hex.map { UInt8(String($0), radix: 16)! }
                return .rgb(v[0] * 17, v[1] * 17, v[2] * 17)
            }
        }
        return nil
    }
}
