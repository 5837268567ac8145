import Foundation
import Yams

@testable import DetourCore

/// An independent reading of an exported HTTPRoute stream with Gateway API's documented semantics
/// (HTTPRouteRule.matches: Exact before PathPrefix, longer prefixes first, method, more header
/// matches, more query matches; ties to the route first by name, then the first rule), and the
/// Location a RequestRedirect builds. The tests compare it with `simulate --as gateway`.
struct GatewayAPIModel {
    struct Match {
        let exact: Bool
        let value: String
        let method: String?
        let headers: [(String, String)]
        let query: [(String, String)]
    }

    struct Entry {
        let route: String
        let position: Int
        let match: Match
        let redirect: [String: Any]
    }

    let entries: [Entry]
    let hostnames: [String]

    init(stream: String) throws {
        var entries: [Entry] = []
        var hostnames: [String] = []
        var position = 0
        for object in try HTTPRouteSchemaValidator.objects(stream) {
            let name = (object["metadata"] as! [String: Any])["name"] as! String
            let spec = object["spec"] as! [String: Any]
            hostnames = spec["hostnames"] as? [String] ?? []
            for rule in spec["rules"] as? [[String: Any]] ?? [] {
                let redirect = ((rule["filters"] as! [[String: Any]])[0]["requestRedirect"]) as! [String: Any]
                for m in rule["matches"] as! [[String: Any]] {
                    let path = m["path"] as! [String: Any]
                    func pairs(_ key: String) -> [(String, String)] {
                        (m[key] as? [[String: Any]] ?? []).map { ($0["name"] as! String, "\($0["value"]!)") }
                    }
                    let match = Match(
                        exact: path["type"] as! String == "Exact", value: path["value"] as! String, method: m["method"] as? String,
                        headers: pairs("headers"), query: pairs("queryParams"))
                    entries.append(Entry(route: name, position: position, match: match, redirect: redirect))
                }
                position += 1
            }
        }
        self.entries = entries
        self.hostnames = hostnames
    }

    private static func covers(_ prefix: String, _ path: String) -> Bool {
        prefix == "/" || path == prefix || path.hasPrefix(prefix + "/")
    }

    private func holds(_ m: Match, _ r: HTTPRequest) -> Bool {
        if m.exact ? r.path != m.value : !Self.covers(m.value, r.path) { return false }
        if let method = m.method, method != r.method { return false }
        for (n, v) in m.headers where r.header(n) != v { return false }
        for (n, v) in m.query where MatchRequest.queryValue(n, in: r) != v { return false }
        return true
    }

    /// The redirect the gateway answers (status, Location), nil when no exported rule matches.
    func answer(_ r: HTTPRequest, listenerPort: Int) -> (status: Int, location: String)? {
        if !hostnames.isEmpty, !hostnames.contains(where: { HostPattern(text: $0)!.matches(r.host) }) { return nil }
        let candidates = entries.filter { holds($0.match, r) }
        func rank(_ e: Entry) -> [Int] {
            [
                e.match.exact ? 1 : 0, e.match.exact ? 0 : e.match.value.count, e.match.method == nil ? 0 : 1, e.match.headers.count,
                e.match.query.count
            ]
        }
        guard
            let best = candidates.min(by: { a, b in
                let (ra, rb) = (rank(a), rank(b))
                if ra != rb { return ra.lexicographicallyPrecedes(rb) == false }
                return (a.route, a.position) < (b.route, b.position)
            })
        else { return nil }
        let d = best.redirect
        let scheme = d["scheme"] as? String ?? r.scheme
        let host = d["hostname"] as? String ?? r.host
        let port: Int = d["port"] as? Int ?? (d["scheme"] != nil ? (scheme == "https" ? 443 : 80) : listenerPort)
        let defaultPort = (scheme == "http" && port == 80) || (scheme == "https" && port == 443)
        var path = r.path
        if let p = d["path"] as? [String: Any] {
            if let full = p["replaceFullPath"] as? String {
                path = full
            } else if let replacement = p["replacePrefixMatch"] as? String {
                let rest = String(r.path.dropFirst(best.match.value.count))
                path = replacement + rest
                if path.isEmpty { path = "/" }
                if path.hasPrefix("//") { path.removeFirst() }
            }
        }
        let location = scheme + "://" + host + (defaultPort ? "" : ":\(port)") + path + (r.query.map { "?" + $0 } ?? "")
        return (d["statusCode"] as! Int, location)
    }
}
