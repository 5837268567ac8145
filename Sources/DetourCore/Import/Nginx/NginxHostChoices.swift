/// Settles the hosts `map $host` tests let through (`Candidate.hostChoices`) into Detour's
/// fields: the set most rules share becomes the site's hosts (their rules need no `host`), any
/// other set gives one rule per host, in the order the test lists them.
enum NginxHostChoices {
    /// The site's hosts and, per rule to make, the index of its candidate and its `host`.
    static func settle(_ candidates: [NginxImporter.Candidate], siteKnown: Bool) -> (siteHosts: [HostPattern], rules: [(Int, HostPattern?)]) {
        // The common case (no host tests, e.g. a 10⁵-key path map) costs one pass.
        if !candidates.contains(where: { $0.hostChoices != nil }) { return ([], candidates.indices.map { ($0, candidates[$0].host) }) }
        var site: [HostPattern] = []
        // Rules without a host test apply to every host: a site list would narrow them.
        if !siteKnown && candidates.allSatisfy({ $0.hostChoices != nil || $0.host != nil }) {
            var counts: [Set<HostPattern>: Int] = [:]
            var bestCount = 0
            for c in candidates {
                guard let h = c.hostChoices, !h.isEmpty else { continue }
                counts[Set(h), default: 0] += 1
                // The first set to reach the highest count wins a tie, so the result does not
                // depend on hashing.
                if counts[Set(h)]! > bestCount {
                    bestCount = counts[Set(h)]!
                    site = h
                }
            }
        }
        var out: [(Int, HostPattern?)] = []
        for (i, c) in candidates.enumerated() {
            guard let choices = c.hostChoices else {
                out.append((i, c.host))
                continue
            }
            if !site.isEmpty && Set(choices) == Set(site) && c.host == nil {
                out.append((i, nil))
                continue
            }
            for h in choices where c.host == nil || c.host == h { out.append((i, h)) }
        }
        return (site, out)
    }
}
