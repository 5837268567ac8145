/// One URL redirect of a Bulk Redirect List, as a line of the CSV the dashboard imports
/// (`SOURCE,TARGET,STATUS,PRESERVE_QUERY_STRING,INCLUDE_SUBDOMAINS,SUBPATH_MATCHING,PRESERVE_PATH_SUFFIX`).
/// A list entry needs a host in its source and a scheme in its target, so a rule becomes one row
/// per host of the rule (or of the site), and a relative target one row per scheme, each sending
/// the request's own scheme and host like Detour's absolute `Location`.
struct CloudflareBulkRow: Sendable, Hashable {
    let source: String
    let target: String
    let status: Int
    let preserveQueryString: Bool
    let subpathMatching: Bool
    let preservePathSuffix: Bool

    /// The codes a URL redirect accepts.
    static let statuses: Set<Int> = [301, 302, 307, 308]

    /// The rows of `r`, or why the list cannot carry it (the rule then needs a single redirect).
    static func rows(_ r: PreparedRule) -> Result<[CloudflareBulkRow], Unfit> {
        guard statuses.contains(r.code) else { return .failure(Unfit("status \(r.code)")) }
        guard r.rule.methods == nil, r.conditions.isEmpty, r.cacheHeader == nil, r.partialRollout == nil, r.rule.starts == nil, r.rule.expires == nil
        else { return .failure(Unfit("methods, conditions, cache, rollout or window")) }
        var names: [String] = []
        for h in r.hosts {
            guard case .exact(let name) = h else {
                // Include subdomains also matches the bare domain, which `*.` leaves out.
                return .failure(Unfit("a `*.` host"))
            }
            names.append(name)
        }
        guard !names.isEmpty else { return .failure(Unfit("no host: a list source needs one (set site.hosts)")) }
        let path: String
        let subpath: Bool
        var suffix = false
        var targetText: String
        if let exact = r.exactPath, let t = r.literalTarget {
            path = exact
            subpath = false
            targetText = t
        } else if let prefix = r.prefix, prefix.hasSuffix("/") {
            guard prefix.utf8.filter({ $0 == 0x2f }).count <= CloudflareLimits.subpathSlashes.maximum else {
                return .failure(Unfit("more than \(CloudflareLimits.subpathSlashes.maximum) `/` in a subpath source"))
            }
            path = prefix
            subpath = true
            switch (r.target.count, r.target.first, r.target.last) {
            case (1, .literal(let t)?, _):
                targetText = t
            case (2, .literal(let t)?, .capture(1)?) where t.hasSuffix("/") && !r.targetHasQuery && !r.targetHasFragment:
                targetText = t
                suffix = true
            default:
                return .failure(Unfit("the target places the rest of the path other than after a final `/`"))
            }
        } else {
            return .failure(Unfit("a regex, or a prefix that ends inside a segment"))
        }
        if r.keepsQuery && (r.targetHasQuery || r.targetHasFragment) {
            return .failure(Unfit("a kept query onto a target with its own query or fragment"))
        }
        let relative = targetText.hasPrefix("/") && !targetText.hasPrefix("//")
        if !relative {
            guard let scheme = Target.schemeOf(targetText), ["http", "https"].contains(scheme.lowercased()) else {
                return .failure(Unfit("a target that is neither a path nor an http(s) URL"))
            }
        }
        let schemes: [String?] = relative ? (r.scheme.map { [$0] } ?? ["http", "https"]).map { Optional($0) } : [r.scheme]
        var rows: [CloudflareBulkRow] = []
        for name in names {
            for scheme in schemes {
                let origin = scheme.map { "\($0)://\(name)" } ?? name
                let target = relative ? "\(scheme!)://\(name)\(targetText)" : targetText
                let row = CloudflareBulkRow(
                    source: origin + path, target: target, status: r.code, preserveQueryString: r.keepsQuery, subpathMatching: subpath,
                    preservePathSuffix: suffix)
                guard row.source.utf8.count <= CloudflareLimits.urlLength.maximum, row.target.utf8.count <= CloudflareLimits.urlLength.maximum else {
                    return .failure(Unfit("a URL longer than \(CloudflareLimits.urlLength.maximum) bytes"))
                }
                rows.append(row)
            }
        }
        return .success(rows)
    }

    /// Why a rule cannot be a list entry.
    struct Unfit: Error, Sendable {
        let why: String
        init(_ why: String) { self.why = why }
    }

    /// The CSV line: every field written, URLs quoted when they hold a comma or a quote.
    var csvLine: String {
        func field(_ s: String) -> String {
            s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        func flag(_ b: Bool) -> String { b ? "TRUE" : "FALSE" }
        return [field(source), field(target), String(status), flag(preserveQueryString), "FALSE", flag(subpathMatching), flag(preservePathSuffix)]
            .joined(separator: ",")
    }
}
