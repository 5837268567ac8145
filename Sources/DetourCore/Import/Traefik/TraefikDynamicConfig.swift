import TOMLKit

/// The HTTP routers and middlewares of Traefik dynamic configuration files (YAML or TOML, as the
/// file provider reads them), with where each is written. Traefik compares keys without case.
struct TraefikDynamicConfig {
    struct Router {
        let name: String
        let rule: String
        /// nil: Traefik's default, the length of the rule.
        let priority: Int?
        let middlewares: [String]
        let service: String?
        /// The entry points the router is bound to; empty: all of them.
        let entryPoints: [String]
        let file: String
        let line: Int
        let note: String?

        var effectivePriority: Int { priority ?? rule.count }

        /// Whether a request could reach both routers: they share an entry point.
        func sharesEntryPoint(with other: Router) -> Bool {
            entryPoints.isEmpty || other.entryPoints.isEmpty || !Set(entryPoints).isDisjoint(with: other.entryPoints)
        }
    }

    struct Middleware {
        let name: String
        /// The middleware's kind as written (`redirectRegex`) and its options.
        let kind: String
        let options: ConfigNode
        let file: String
        let line: Int
    }

    var routers: [Router] = []
    var middlewares: [String: Middleware] = [:]

    mutating func read(file: String) throws {
        let bytes = try ImportFileReader.read(file)
        let root = file.hasSuffix(".toml") ? try Self.toml(bytes, file: file) : try Self.yaml(bytes, file: file)
        guard let http = root.caseless("http") else { return }
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        for (name, r) in http.caseless("routers")?.entries ?? [] {
            func fail(_ message: String) -> ImportError {
                ImportError(file: file, line: r.line, column: r.column, message: "router \(name): " + message)
            }
            guard r.entries != nil else { throw fail("must be a mapping, found \(r.kindName)") }
            guard let rule = r.caseless("rule")?.string else { throw fail("has no rule") }
            var priority: Int? = nil
            if let p = r.caseless("priority") {
                guard let n = p.int else { throw fail("priority must be a number, found \(p.kindName)") }
                priority = n
            }
            let mws = (r.caseless("middlewares")?.array ?? []).compactMap(\.string)
            let line = r.line > 0 ? r.line : Self.tomlLine(lines, "routers", name)
            routers.append(
                Router(
                    name: name, rule: rule, priority: priority, middlewares: mws, service: r.caseless("service")?.string,
                    entryPoints: (r.caseless("entryPoints")?.array ?? []).compactMap(\.string), file: file, line: line,
                    note: line > 0 ? ImportFileReader.commentAbove(line, in: lines) : nil))
        }
        for (name, m) in http.caseless("middlewares")?.entries ?? [] {
            guard let kind = m.entries?.first else {
                throw ImportError(file: file, line: m.line, column: m.column, message: "middleware \(name) must name its kind (redirectRegex: …)")
            }
            let line = m.line > 0 ? m.line : Self.tomlLine(lines, "middlewares", name)
            middlewares[name] = Middleware(name: name, kind: kind.key, options: kind.value, file: file, line: line)
        }
    }

    /// The line of `[http.routers.NAME]` (or `[http.routers.NAME.…]`) in a TOML file.
    private static func tomlLine(_ lines: [Substring], _ section: String, _ name: String) -> Int {
        let heads = ["[http.\(section).\(name)]", "[http.\(section).\(name).", "[http.\(section).\"\(name)\""].map { $0.lowercased() }
        for (k, l) in lines.enumerated() {
            let t = l.trimmingSpacesSub().lowercased()
            if heads.contains(where: { t.hasPrefix($0) }) { return k + 1 }
        }
        return 0
    }

    static func yaml(_ bytes: [UInt8], file: String) throws -> ConfigNode {
        var parser = YAMLParser(bytes)
        let index = LineIndex(bytes)
        do {
            guard let root = try parser.parse() else { return ConfigNode(.object([]), line: 1) }
            return convert(root, index)
        } catch let e as YAMLSyntaxError {
            let p = index.position(of: e.offset)
            throw ImportError(file: file, line: p.line, column: p.column, message: e.message)
        }
    }

    private static func convert(_ n: YAMLNode, _ index: LineIndex) -> ConfigNode {
        let p = index.position(of: n.start)
        switch n.value {
        case .scalar(let s, let style):
            if n.isNull { return ConfigNode(.null, line: p.line, column: p.column) }
            return ConfigNode(style == .plain ? .scalar(s) : .string(s), line: p.line, column: p.column)
        case .sequence(let items): return ConfigNode(.array(items.map { convert($0, index) }), line: p.line, column: p.column)
        case .mapping(let entries):
            let kp = entries.first.map { index.position(of: $0.key.start) } ?? p
            return ConfigNode(.object(entries.map { ($0.name, convertEntry($0, index)) }), line: kp.line, column: kp.column)
        }
    }

    /// A mapping value positioned at its key, so a router is reported on the line that names it.
    private static func convertEntry(_ e: YAMLEntry, _ index: LineIndex) -> ConfigNode {
        var v = convert(e.value, index)
        if case .object = v.value {
            let p = index.position(of: e.key.start)
            v.line = p.line
            v.column = p.column
        }
        return v
    }

    static func toml(_ bytes: [UInt8], file: String) throws -> ConfigNode {
        do { return convert(try TOMLTable(string: String(decoding: bytes, as: UTF8.self))) } catch let e as TOMLParseError {
            throw ImportError(file: file, line: e.source.begin.line, column: e.source.begin.column, message: TOMLErrorMessage.clean(e.description))
        }
    }

    private static func convert(_ v: TOMLValueConvertible) -> ConfigNode {
        if let s = v.string { return ConfigNode(.string(s), line: 0) }
        if let n = v.int { return ConfigNode(.number(String(n)), line: 0) }
        if let b = v.bool { return ConfigNode(.bool(b), line: 0) }
        if let a = v.array { return ConfigNode(.array((0..<a.count).map { convert(a[$0]) }), line: 0) }
        if let t = v.table { return ConfigNode(.object(t.keys.compactMap { k in t[k].map { (k, convert($0)) } }), line: 0) }
        return ConfigNode(.string("\(v)"), line: 0)
    }
}
