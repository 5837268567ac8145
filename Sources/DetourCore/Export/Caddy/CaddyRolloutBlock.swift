/// The Caddyfile text of a rollout rule and of its helper listeners (cookbook §5 g, verified live).
///
/// For rule matcher `@m` the route gets, in order: the key header `Detour-Rollout-Key: salt:value`
/// (so Caddy hashes the same bytes as the simulator), one `reverse_proxy` per plan level choosing a
/// helper socket (`method GET` leaves the request body for later handlers; `handle_response` keeps
/// the socket's bucket in a variable and falls through to the next handler), then the matcher
/// `@m_in` that holds when the buckets say "inside". The helper sites answer 204 with their bucket.
enum CaddyRolloutBlock {
    static let keyHeader = "Detour-Rollout-Key"
    static let bucketHeader = "Detour-Bucket"
    /// The file of helper site blocks, imported at the top level of the Caddyfile.
    static let helperFile = "detour-rollout.caddy"

    /// What the rule matcher adds: a `header` line requiring the key header, or a CEL test requiring
    /// the cookie (a request without the key is never inside a partial rollout). The client address
    /// is always there.
    static func keyPresence(_ key: Rollout.Key) -> (matcherLine: String?, cel: String?) {
        switch key {
        case .ip: return (nil, nil)
        case .header(let name): return ("\t\theader \(name) *", nil)
        case .cookie(let name):
            // A missing cookie's placeholder is not "", so test the Cookie header itself.
            let re = "(?:^|;\\s*)" + RegexEmitter.literalString(name) + "="
            return (nil, "{http.request.header.Cookie}.matches(\(CaddySyntax.celRegex(re)))")
        }
    }

    /// The name a rollout key gives Caddy placeholders, checked like condition names.
    static func checkKeyName(_ rule: PreparedRule) throws {
        guard let key = rule.partialRollout?.key else { return }
        switch key {
        case .ip: return
        case .header(let name), .cookie(let name):
            guard CaddySyntax.isName(name) else {
                throw ExportError.unsafeCharacter(
                    rule: rule.id, line: rule.line, field: "rollout key", character: "'\(name)'",
                    reason: "Caddy placeholders carry only letters, digits, '-' and '_'")
            }
        }
    }

    /// The handlers deciding the rollout of the rule matched by `@matcher`, and the name of the
    /// matcher that holds for clients inside it.
    static func handlers(_ rollout: Rollout, salt: String, matcher: String) throws -> (text: String, insideMatcher: String) {
        let value: String
        switch rollout.key {
        case .ip: value = "http.request.remote.host"
        case .header(let name): value = "http.request.header.\(name)"
        case .cookie(let name): value = "http.request.cookie.\(name)"
        }
        let plan = CaddyRolloutPlan(basisPoints: rollout.basisPoints)
        var s = "\trequest_header @\(matcher) \(keyHeader) \(try CaddySyntax.raw(salt + ":\u{1}\(value)\u{2}"))\n"
        var inside: [String] = []
        for level in plan.levels {
            let variable = "\(matcher)_\(level.number)"
            var gate = "@\(matcher)"
            if level.number > 1 {
                // Only the previous level's boundary bucket goes on to this level.
                gate = "@\(variable)"
                s += "\t@\(variable) expression `{vars.\(matcher)_\(level.number - 1)} == \"\(plan.levels[level.number - 2].inside)\"`\n"
            }
            s += "\treverse_proxy \(gate) \(level.dials.joined(separator: " ")) {\n"
            // Caddy starts its servers in no fixed order: a helper socket may not listen yet when the
            // first request arrives, so a failed dial is retried (the same socket wins again).
            s += "\t\tlb_policy header \(keyHeader)\n\t\tlb_try_duration 5s\n\t\tmethod GET\n"
            s += "\t\thandle_response {\n\t\t\tvars \(variable) {rp.header.\(bucketHeader)}\n\t\t}\n\t}\n"
            if level.inside > 0 {
                inside.append("{vars.\(variable)} in [" + (0..<level.inside).map { "\"\($0)\"" }.joined(separator: ", ") + "]")
            }
        }
        // The key header is Detour's own: the origin behind Caddy never sees it.
        s += "\trequest_header -\(keyHeader)\n"
        let insideMatcher = "\(matcher)_in"
        s += "\t@\(insideMatcher) expression `\(inside.joined(separator: " || "))`\n"
        return (s, insideMatcher)
    }

    /// The helper site blocks for every socket the rules' plans use (each level as wide as its
    /// widest use); nil when no rule has a partial rollout.
    static func helperSites(_ rollouts: [Rollout]) -> String? {
        var width: [Int: Int] = [:]
        for r in rollouts {
            for level in CaddyRolloutPlan(basisPoints: r.basisPoints).levels { width[level.number] = max(width[level.number] ?? 0, level.count) }
        }
        guard !width.isEmpty else { return nil }
        var s = """
            # Helper listeners for Detour's rollout rules. Import at the top level of the Caddyfile
            # (outside every site block): import \(helperFile)
            # Each answers 204 with its bucket; the sockets are created in Caddy's working directory,
            # and their names are part of the hash, so keep them exactly as written.

            """
        for level in width.keys.sorted() {
            for bucket in 0..<width[level]! {
                let dial = CaddyRolloutPlan.dial(level: level, bucket: bucket)
                s += "http:// {\n\tbind \(dial)\n\theader \(bucketHeader) \(bucket)\n\trespond 204\n}\n"
            }
        }
        return s
    }
}
