/// The requests `detour import nginx --verify` sends (issue 16 §4): verify's own probes for every
/// imported rule (witness, query string, other method, case, trailing slash, encodings), plus
/// requests derived from the original configuration — every location's and rewrite's matching
/// and near-miss paths and the map keys, on every server name — so that constructs which imported no rule are proven to
/// redirect nothing. All go over plain http to the loopback port the proof server listens on.
public enum NginxProofRequests {
    public static func generate(
        _ directives: [NginxDirective], imported set: RuleSet, port: Int, limit: Int = 5000,
        time: Timestamp = .now()
    ) -> [VerifyRequests.Probe] {
        var out: [VerifyRequests.Probe] = []
        var seen = Set<String>()
        // With several servers, or a server marked default, nginx gives unknown hosts to the
        // default server: a difference the import report already names.
        let hostBound = set.rules.contains { $0.host != nil } || NginxProofConfig.serverBlocks(directives).contains(where: \.isDefault)
        func add(_ request: HTTPRequest, _ why: String) {
            var r = request
            r.scheme = "http"
            r.port = port
            if hostBound && !set.site.isSiteHost(r.host) { return }
            let key = "\(r.method) \(r.url) " + r.headers.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
            guard out.count < limit, seen.insert(key).inserted else { return }
            out.append(VerifyRequests.Probe(request: r, purpose: why))
        }
        for p in VerifyRequests.generate(set, limit: limit, time: time) { add(p.request, p.purpose) }
        var hosts: [String] = set.site.hosts.map {
            switch $0 {
            case .exact(let h): return h
            case .suffix(let s): return "w." + s
            }
        }
        if hosts.isEmpty { hosts = [set.site.primaryHost] }
        var paths: [(String, String)] = []
        func locations(_ list: [NginxDirective]) {
            for d in list {
                if d.name == "location", let l = try? NginxLocation.parse(d, index: 0).get() {
                    let line = "location at \(d.file):\(d.line)"
                    switch l.kind {
                    case .exact(let e):
                        paths += [(e, line), (e + "/", line + ", trailing slash added"), (e.uppercased(), line + ", upper-cased")]
                    case .prefix(let p, _):
                        paths += [(p + "x", line), (p, line + ", the prefix itself"), (p.uppercased() + "X", line + ", upper-cased")]
                        if p.count > 1 { paths.append((String(p.dropLast()), line + ", one character short")) }
                    case .regex(let r?, _, _):
                        var s = String(decoding: VerifyRequests.sample(r.root), as: UTF8.self)
                        if !s.hasPrefix("/") { s = "/" + s }
                        paths += [(s, line), (s + "/", line + ", trailing slash added"), (s.uppercased(), line + ", upper-cased")]
                    case .regex, .named: break
                    }
                }
                // Each rewrite of the original, imported or not, is exercised on its own regex.
                if d.name == "rewrite", let pattern = d.args.first, let r = try? NginxRegex.portable(pattern, caseless: false).get() {
                    var s = String(decoding: VerifyRequests.sample(r.root), as: UTF8.self)
                    if !s.hasPrefix("/") { s = "/" + s }
                    paths += [(s, "rewrite at \(d.file):\(d.line)"), (s + "/", "rewrite at \(d.file):\(d.line), trailing slash added")]
                }
                if d.name == "map", let table = NginxMapTable.parse(d) {
                    for e in table.exact.prefix(200) where e.key.hasPrefix("/") {
                        paths += [(e.key, "map entry at \(e.directive.file):\(e.directive.line)"), (e.key + "/", "map entry, trailing slash added")]
                    }
                }
                locations(d.block ?? [])
            }
        }
        locations(directives)
        paths.append(("/", "the root path"))
        for host in hosts {
            for (path, why) in paths {
                guard path.hasPrefix("/"), path.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else { continue }
                add(HTTPRequest(method: "GET", host: host, path: path, time: time), why + " on \(host)")
                add(HTTPRequest(method: "GET", host: host, path: path, query: "a=1&b=%20c", time: time), why + " with a query string on \(host)")
            }
        }
        return out
    }
}
