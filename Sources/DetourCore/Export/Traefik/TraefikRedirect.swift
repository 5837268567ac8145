/// The middlewares that answer a rule on Traefik 3.7 (cookbook-traefik-envoy §1.1–1.4), after the
/// `headers` middleware for Cache-Control (it must come first):
/// - a **constant** target (no placeholder, query dropped): `headers` sets `Location`, and `errors`
///   turns `noop@internal`'s 418 into the rule's code, so every method gets exactly that code;
/// - any other target: `redirectRegex` on `scheme://host/normalised-raw-URI`, which answers GET with
///   301/302 and every other method (HEAD included) with 308/307. A kept query that may be empty is
///   two chained middlewares (the first needs a query, the second takes the rest); 303 cannot be said.
struct TraefikRedirect {
    /// (name suffix, middleware body as YAML flow text), in chain order.
    let middlewares: [(String, String)]

    struct Refusal: Error {
        let feature: ExportFeature
        let why: String
    }

    /// Whether the export answers `rule` with its own code for every method.
    static func isConstant(_ rule: Rule) -> Bool {
        rule.query != .keep
            && rule.target.parts.allSatisfy {
                if case .literal = $0 { return true }
                return false
            }
    }

    /// The code Traefik answers for `rule` and `method` under this export.
    static func answeredStatus(_ rule: Rule, method: String) -> StatusCode {
        if isConstant(rule) { return rule.code }
        if rule.code.isPermanent { return method == "GET" ? .movedPermanently : .permanentRedirect }
        return method == "GET" ? .found : .temporaryRedirect
    }

    init(_ r: PreparedRule) throws {
        if Self.isConstant(r.rule), let target = r.literalTarget {
            middlewares = [
                ("-location", "{headers: {customResponseHeaders: {Location: \(YAMLScalar.quoted(target))}}}"),
                ("-code", "{errors: {status: [\"418\"], statusRewrites: {\"418\": \(r.code)}, service: noop@internal, query: \"/\"}}")
            ]
            return
        }
        guard r.code != 303 else {
            throw Refusal(
                feature: r.literalTarget != nil ? .queryKeep : .regex,
                why: "Traefik's redirectRegex answers 301/302 or 307/308 only; a 303 to a target built from the request cannot be written")
        }
        guard !r.target.contains(.path) else {
            throw Refusal(
                feature: .regex,
                why:
                    "Traefik's redirectRegex sees the normalised path (dot segments removed, slashes merged, escapes decoded), not the path as sent: {path} cannot be written"
            )
        }
        let path: String
        do { path = try r.pathInURIPattern(anyExactPath: true) } catch {
            throw Refusal(
                feature: .regex, why: "a ^ or $ inside the regex (not at its ends) has no equivalent in Traefik's redirectRegex on the whole URL")
        }
        let permanent = r.rule.code.isPermanent
        // Groups: 1 the host without port ({host}), 2 the path, then the rule's captures, then the query.
        let head = "^https?://([^/:]*)(?::[0-9]*)?(" + path + ")"
        let (before, after) = r.targetAroundQuery
        // redirectRegex re-serialises its result through Go's url.URL: an empty fragment is dropped
        // and a '#' inside the fragment becomes %23 (measured by the fuzz test).
        let fragmentHashes = after.reduce(0) { n, p in
            if case .literal(let t) = p { return n + t.utf8.filter { $0 == 0x23 }.count }
            return n
        }
        if after == [.literal("#")] || fragmentHashes > 1 {
            throw Refusal(
                feature: .regex,
                why: "Traefik's redirectRegex rewrites the Location through Go's url.URL, which drops an empty fragment and encodes a '#' inside one")
        }
        let groups = r.captureCount
        func replacement(_ pieces: [PreparedRule.Piece]) -> String {
            pieces.map { p -> String in
                switch p {
                case .literal(let t): return t.replacingOccurrences(of: "$", with: "$$")
                case .capture(let n): return "${\(n + 2)}"
                case .path: return ""
                case .query: return "${\(groups + 3)}"
                case .host: return "${1}"
                }
            }.joined()
        }
        func middleware(_ regex: String, _ replacement: String) -> String {
            "{redirectRegex: {regex: \(YAMLScalar.quoted(regex)), replacement: \(YAMLScalar.quoted(replacement)), permanent: \(permanent)}}"
        }
        if r.keepsQuery {
            let join = r.targetHasQuery ? "&" : "?"
            middlewares = [
                ("-query", middleware(head + "\\?(.+)$", replacement(before) + join + "${\(groups + 3)}" + replacement(after))),
                ("", middleware(head + "\\??$", replacement(before) + replacement(after)))
            ]
        } else {
            middlewares = [("", middleware(head + "(?:\\?(.*))?$", replacement(r.target)))]
        }
    }
}
