/// The requests `detour import apache --verify` sends (issue 16 §4): verify's own probes for every
/// imported rule (witness, query string, other method, case, trailing slash, encodings), plus
/// requests derived from the original configuration — each `RewriteRule`'s, `RedirectMatch`'s and
/// path condition's matching sample, each `Redirect` path with its segment-boundary near misses —
/// on every name, so constructs that imported no rule are proven to redirect nothing.
public enum ApacheProofRequests {
    public static func generate(
        _ sources: [(file: String, directives: [ApacheDirective])], imported set: RuleSet, port: Int, limit: Int = 5000,
        time: Timestamp = .now()
    ) -> [VerifyRequests.Probe] {
        var out: [VerifyRequests.Probe] = []
        var seen = Set<String>()
        let hostBound = !set.site.hosts.isEmpty
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
        var paths: [(String, String)] = [("/", "the root path")]
        func sample(_ regex: PortableRegex, _ why: String) {
            var s = String(decoding: VerifyRequests.sample(regex.root), as: UTF8.self)
            if !s.hasPrefix("/") { s = "/" + s }
            paths += [(s, why), (s + "/", why + ", trailing slash added"), (s.uppercased(), why + ", upper-cased")]
        }
        func visit(_ list: [ApacheDirective], perDirectory: Bool) {
            for d in list {
                if let block = d.block { visit(block, perDirectory: perDirectory) }
                let at = "\(d.name) at \(d.file):\(d.line)"
                switch d.key {
                case "rewriterule":
                    guard let rule = try? ApacheRewriteRule.parse(d) else { continue }
                    let caseless = rule.flags["nc"] != nil
                    if let r = try? ApacheRewritePass.pathRegex(rule.pattern, caseless: caseless, perDirectory: perDirectory).get() {
                        sample(r, at)
                    }
                case "rewritecond":
                    guard let c = try? ApacheRewriteCond.parse(d), c.testString.uppercased() == "%{REQUEST_URI}",
                        let r = try? ApacheRegex.portable(c.pattern, caseless: c.caseless).get()
                    else { continue }
                    sample(r, at)
                case "redirectmatch":
                    // The pattern is the argument before the URL (a status word may come first).
                    if d.args.count >= 2, let r = try? ApacheRegex.portable(d.args[d.args.count - 2], caseless: false).get() {
                        sample(r, at)
                    }
                case "redirect", "redirectpermanent", "redirecttemp":
                    guard let p = d.args.first(where: { $0.hasPrefix("/") }) else { continue }
                    paths += [
                        (p, at), (p + "/", at + ", slash added"), (p + "/x/y", at + ", a path below"), (p + "x", at + ", not a whole segment"),
                        (p.uppercased(), at + ", upper-cased")
                    ]
                    if p.count > 1 { paths.append((String(p.dropLast()), at + ", one character short")) }
                default: break
                }
            }
        }
        for (file, directives) in sources { visit(directives, perDirectory: ApacheImporter.isPerDirectory(file)) }
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
