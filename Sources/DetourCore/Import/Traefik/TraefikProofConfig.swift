/// The configuration `detour import traefik --verify` runs Traefik with: a static file with one
/// entry point on 127.0.0.1:PORT and the file provider, and a dynamic file holding the user's own
/// routers and middlewares unchanged except that every router's service is `ping@internal` (which
/// answers 200, so no upstream is needed; `noop@internal`, which Detour's own export answers with,
/// is kept: it needs no upstream either) and that TLS and entry-point bindings are dropped. A
/// catch-all router at priority 1 answers the rest with 200 and tells when the file is loaded.
/// Routers the import report lists are left out, so the proof is of the rules without them.
public enum TraefikProofConfig {
    /// The path the proof polls until Traefik has loaded the dynamic file.
    public static let readyPath = "/detour-proof-ready"

    /// How Traefik 3.7 sees a request for `redirectRegex` (server-cookbook-traefik-envoy §1.2): the
    /// raw path with dot segments removed, slashes merged, unreserved escapes decoded and other
    /// hex upper-cased; the Location is sent as written.
    public static let observedView = ServerView(
        server: nil, path: PathSemantics(decoding: .unreservedOnly, removesDotSegments: true, mergesSlashes: true), locationForm: .asWritten,
        rollout: .canonical)

    public static func staticText(directory: String, port: Int) -> String {
        """
        entryPoints:
          web:
            address: "127.0.0.1:\(port)"
        providers:
          file:
            filename: \(JSON.string(directory + "/dynamic.yml"))
            watch: false
        ping:
          manualRouting: true
        log:
          level: ERROR

        """
    }

    /// The entry points the routers of `files` are bound to, one proof run each (Detour rules
    /// cannot tell them apart, Traefik keeps their routers apart); `[nil]` when none is named.
    public static func entryPoints(files: [String]) throws -> [String?] {
        var config = TraefikDynamicConfig()
        for f in files { try config.read(file: f) }
        let names = Set(config.routers.flatMap(\.entryPoints)).sorted()
        return names.isEmpty ? [nil] : names
    }

    /// The imported rules of the routers bound to `entryPoint` (or to none): their ids start with
    /// the router's file stem and line.
    public static func rules(_ imported: RuleSet, files: [String], entryPoint: String?) throws -> RuleSet {
        var config = TraefikDynamicConfig()
        for f in files { try config.read(file: f) }
        let stems = config.routers.filter { Self.serves($0, entryPoint) }.map { NginxTranslation.idStem($0.file) + "-" + String($0.line) }
        var set = imported
        set.rules = imported.rules.filter { r in stems.contains { r.id == $0 || r.id.hasPrefix($0 + "-") } }
        set.lines = Array(repeating: 0, count: set.rules.count)
        return set
    }

    static func serves(_ r: TraefikDynamicConfig.Router, _ entryPoint: String?) -> Bool {
        entryPoint == nil || r.entryPoints.isEmpty || r.entryPoints.contains(entryPoint!)
    }

    /// The dynamic file for `files` (read again): the routers bound to `entryPoint` (all for nil),
    /// without those `notImported` names.
    public static func dynamicText(files: [String], notImported: [ImportReport.NotImported], entryPoint: String? = nil) throws -> String {
        var config = TraefikDynamicConfig()
        for f in files { try config.read(file: f) }
        let left = Set(notImported.compactMap { $0.construct.hasPrefix("router ") ? String($0.construct.dropFirst(7)) : nil })
        var routers: [String] = []
        for r in config.routers where !left.contains(r.name) && Self.serves(r, entryPoint) {
            // noop@internal's 418 is what the `errors` middleware of Detour's constant answer rewrites.
            let service = r.service == "noop@internal" ? "noop@internal" : "ping@internal"
            var fields = ["\"rule\": \(JSON.string(r.rule))", "\"service\": \"\(service)\""]
            if let p = r.priority { fields.append("\"priority\": \(p)") }
            if !r.middlewares.isEmpty { fields.append("\"middlewares\": [" + r.middlewares.map(JSON.string).joined(separator: ", ") + "]") }
            routers.append(JSON.string(r.name) + ": {" + fields.joined(separator: ", ") + "}")
        }
        routers.append("\"detour-proof-catchall\": {\"rule\": \"PathPrefix(`/`)\", \"priority\": 1, \"service\": \"ping@internal\"}")
        let middlewares = config.middlewares.keys.sorted().map { name in
            let m = config.middlewares[name]!
            return JSON.string(name) + ": {" + JSON.string(m.kind) + ": " + m.options.json + "}"
        }
        return "{\"http\": {\"routers\": {" + routers.joined(separator: ", ") + "}, \"middlewares\": {" + middlewares.joined(separator: ", ")
            + "}}}\n"
    }

    /// Requests derived from the routers: each path matcher's matching and near-miss paths on each
    /// of its hosts (or the site's first host), with and without a query string, and as HEAD,
    /// which Traefik answers with 308/307 where GET gets 301/302.
    public static func requests(files: [String], imported: RuleSet, entryPoint: String? = nil, time: Timestamp) throws -> [VerifyRequests.Probe] {
        var config = TraefikDynamicConfig()
        for f in files { try config.read(file: f) }
        var out: [VerifyRequests.Probe] = []
        for r in config.routers where Self.serves(r, entryPoint) {
            guard let alternatives = try? TraefikRuleExpression.parse(r.rule).alternatives() else { continue }
            for a in alternatives {
                guard let rules = try? TraefikRouterRules(a) else { continue }
                var paths: [(String, String)] = []
                switch rules.path?.kind {
                case .exact(let p)?: paths = [(p, ""), (p + "/", ", trailing slash added"), (p.uppercased(), ", upper-cased")]
                case .prefix(let p)?: paths = [(p + "x/y", ""), (p, ", the prefix itself"), (String(p.dropLast()), ", one character short")]
                case .regex(let re)?:
                    let s = String(decoding: VerifyRequests.sample(re.root), as: UTF8.self)
                    paths = [(s.hasPrefix("/") ? s : "/" + s, "")]
                case nil: paths = [("/", ""), ("/some/page", "")]
                }
                let hosts = rules.hosts.isEmpty ? [imported.site.primaryHost] : rules.hosts
                for h in hosts {
                    for (p, why) in paths where p.hasPrefix("/") {
                        var req = HTTPRequest(method: rules.methods?.first ?? "GET", host: h, path: p, time: time)
                        for c in rules.conditions where c.kind == .header {
                            if case .exact(let v) = c.value { req.headers.append(.init(c.name, v)) }
                        }
                        out.append(VerifyRequests.Probe(request: req, purpose: "router \(r.name)\(why) on \(h)"))
                        var head = req
                        head.method = req.method == "HEAD" ? "POST" : "HEAD"
                        out.append(VerifyRequests.Probe(request: head, purpose: "router \(r.name)\(why) as \(head.method) on \(h)"))
                        req.query = "a=1&b=%20c"
                        out.append(VerifyRequests.Probe(request: req, purpose: "router \(r.name)\(why) with a query string on \(h)"))
                    }
                }
            }
        }
        return out
    }
}
