/// Witnesses that show the attack (issue #14 item 7): `https://example.com@evil.example/`,
/// `//evil.example` or `/\evil.example` convince a reader where the equally correct shortest string
/// (`https://example.coma`) does not. Each placeholder in turn is filled with a known payload, the
/// others with their shortest value; a candidate counts only when the template can produce it and
/// the scanner puts it in the wanted class.
enum AttackWitness {
    /// The attacker's host in every payload.
    static let host = "evil.example"

    /// Off-site payloads in order of preference: the bare host where the placeholder is the host,
    /// then userinfo and protocol-relative forms.
    static let offSitePayloads: [String] = [
        host, "@\(host)", "/\(host)", "\\\(host)", "//\(host)", "/\\\(host)", ".\(host)", "https://\(host)/"
    ]
    /// Script and non-web schemes, the most telling first.
    static let schemePayloads = ["javascript:alert(1)", "javascript:alert", "data:text/html,x", "vbscript:x", "file:///etc/passwd"]

    /// The preferred attack Location of `kind` the template can produce, nil when no payload fits.
    static func location(
        _ kind: OpenRedirectAnalysis.ExploitClass, dfa: DFA, pieces: [TargetShape.Piece], rule: Rule, site: SiteSettings, trusted: TrustedHosts
    ) -> [UInt8]? {
        let captures = pieces.indices.filter {
            if case .capture = pieces[$0] { return true }
            return false
        }
        guard !captures.isEmpty else { return nil }
        // Each placeholder's shortest value, to fill the ones not carrying the payload.
        var fillers: [Int: [UInt8]] = [:]
        for k in captures {
            guard let d = try? DFA(wholeMatch: TargetShape.node(pieces[k], rule: rule, site: site)) else { return nil }
            guard d.isAccepting(0) || d.isLive(0) else { return nil }
            fillers[k] = d.isAccepting(0) ? [] : OpenRedirectAnalysis.completion(d, from: 0)
        }
        let payloads = kind == .offSite ? offSitePayloads : schemePayloads
        var best: (bytes: [UInt8], rank: (Int, Int, Int))? = nil
        for (order, payload) in payloads.enumerated() {
            for k in captures {
                var bytes: [UInt8] = []
                for (j, piece) in pieces.enumerated() {
                    switch piece {
                    case .literal(let b): bytes += b
                    case .capture: bytes += j == k ? Array(payload.utf8) : fillers[j] ?? []
                    }
                }
                guard dfa.accepts(bytes), kind.holds(LocationScanner.judge(bytes, trusted: trusted)) else { continue }
                // A Location whose host is the attacker's (or under it) shows the attack; among
                // those the list's order decides.
                let rank = (kind == .offSite && !namesAttacker(bytes) ? 1 : 0, order, bytes.count)
                if best == nil || rank < best!.rank { best = (bytes, rank) }
            }
        }
        return best?.bytes
    }

    /// Whether a browser on the site sends the client to the attacker's host or one under it.
    static func namesAttacker(_ location: [UInt8]) -> Bool {
        guard let r = LocationResolver.resolve(String(decoding: location, as: UTF8.self), scheme: "https", host: "example.com") else { return false }
        return r.host == host || r.host.hasSuffix("." + host)
    }
}
