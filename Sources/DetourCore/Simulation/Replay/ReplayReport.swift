/// What `replay` reports (DESIGN §6.2): how many requests were redirected, hits per rule, rules
/// never hit (prune candidates), chains and loops seen, requests sent off-site, observed against
/// configured rollout shares, and malformed log lines (counted and sampled).
public struct ReplayReport: Sendable {
    /// A distinct path through the rules, with how often it was taken and one example request.
    public struct Route: Sendable {
        public let rules: [String]
        public var count: Int
        public let example: String
    }

    public let ruleSet: RuleSet
    /// Every line read, including blank and malformed ones.
    public var lines = 0
    public var blankLines = 0
    public var malformed = 0
    /// (line number, text) of the first malformed lines.
    public var malformedSamples: [(Int, String)] = []
    /// Requests simulated.
    public var requests = 0
    /// Requests whose first response was a redirect.
    public var redirected = 0
    /// Responses per rule, every hop counted.
    public var hits: [Int]
    public var chains: [String: Route] = [:]
    public var loops: [String: Route] = [:]
    public var limits = 0
    public var offSite = 0
    public var offSiteHosts: [String: Int] = [:]
    public var rolloutEligible: [Int: Int] = [:]
    public var rolloutIncluded: [Int: Int] = [:]
    /// The latest logged time each rule answered a request (parallel to `hits`), nil when never.
    public var lastHit: [Timestamp?]
    /// The first and last timestamps of the log's lines (nil for logs without times).
    public var logStart: Timestamp?
    public var logEnd: Timestamp?
    let rolloutRules: Set<Int>

    /// Distinct chains, loops and hosts kept (beyond that only totals grow), so memory stays bounded.
    public static let distinctLimit = 1000
    public static let sampleLimit = 5

    public init(ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        hits = Array(repeating: 0, count: ruleSet.rules.count)
        lastHit = Array(repeating: nil, count: ruleSet.rules.count)
        rolloutRules = Set(
            ruleSet.rules.indices.filter { i in
                let r = ruleSet.rules[i]
                return r.enabled && r.rollout.map { !$0.isFull && $0.basisPoints > 0 } ?? false
            })
    }

    func isRollout(_ index: Int) -> Bool { rolloutRules.contains(index) }

    mutating func addMalformed(line: Int, text: String) {
        malformed += 1
        if malformedSamples.count < Self.sampleLimit { malformedSamples.append((line, text)) }
    }

    mutating func add(_ trace: SimulationTrace) {
        requests += 1
        guard trace.redirectCount > 0 else { return }
        redirected += 1
        for hop in trace.hops {
            guard let i = hop.response.ruleIndex else { continue }
            hits[i] += 1
            if lastHit[i].map({ $0 < trace.request.time }) ?? true { lastHit[i] = trace.request.time }
        }
        let ids = trace.ruleIDs
        let key = ids.joined(separator: " → ")
        let example = trace.request.method + " " + trace.request.url
        switch trace.outcome {
        case .loop: Self.count(&loops, key, ids, example)
        case .limit: limits += 1
        case .external:
            offSite += 1
            if let host = HTTPRequest.parseURL(trace.finalURL, defaultHost: "")?.host {
                if offSiteHosts[host] != nil || offSiteHosts.count < Self.distinctLimit { offSiteHosts[host, default: 0] += 1 }
            }
        case .origin: break
        }
        if ids.count > 1 && trace.outcome != .loop && trace.outcome != .limit { Self.count(&chains, key, ids, example) }
    }

    private static func count(_ table: inout [String: Route], _ key: String, _ ids: [String], _ example: String) {
        if table[key] != nil {
            table[key]!.count += 1
        } else if table.count < distinctLimit {
            table[key] = Route(rules: ids, count: 1, example: example)
        }
    }

    mutating func noteLogTime(_ t: Timestamp) {
        if logStart.map({ t < $0 }) ?? true { logStart = t }
        if logEnd.map({ $0 < t }) ?? true { logEnd = t }
    }

    public var neverHit: [String] {
        ruleSet.rules.indices.filter { hits[$0] == 0 && ruleSet.rules[$0].enabled }.map { ruleSet.rules[$0].id }
    }

    /// Observed share (0…100) of each partial rollout rule that was reached at least once.
    public var rolloutShares: [(id: String, configured: Double, observed: Double, eligible: Int)] {
        rolloutRules.sorted().compactMap { i in
            let eligible = rolloutEligible[i] ?? 0
            guard eligible > 0 else { return nil }
            let r = ruleSet.rules[i]
            return (r.id, Double(r.rollout!.basisPoints) / 100, Double(rolloutIncluded[i] ?? 0) * 100 / Double(eligible), eligible)
        }
    }

    /// `a → b → b → b` as `a → b ×3`.
    static func compressed(_ ids: [String]) -> String {
        var parts: [String] = []
        var i = 0
        while i < ids.count {
            var j = i
            while j + 1 < ids.count && ids[j + 1] == ids[i] { j += 1 }
            parts.append(j > i ? "\(ids[i]) ×\(j - i + 1)" : ids[i])
            i = j + 1
        }
        return parts.joined(separator: " → ")
    }

    private func percent(_ part: Int, _ whole: Int) -> String {
        whole == 0 ? "0.0%" : String(format1: Double(part) * 100 / Double(whole)) + "%"
    }

    /// The readable report.
    public func text(file: String) -> String {
        var out = "\(requests) requests from \(lines) lines"
        if malformed > 0 { out += " (\(malformed) malformed)" }
        out += "\nredirected  \(redirected) (\(percent(redirected, requests)))\n"
        out +=
            "off-site    \(offSite)\(offSiteHosts.isEmpty ? "" : "  " + offSiteHosts.sorted { $0.value > $1.value }.prefix(5).map { "\($0.key) \($0.value)" }.joined(separator: ", "))\n"
        out +=
            "chains      \(chains.values.reduce(0) { $0 + $1.count })   loops \(loops.values.reduce(0) { $0 + $1.count })   over the hop limit \(limits)\n"
        let hit = ruleSet.rules.indices.filter { hits[$0] > 0 }.sorted { hits[$0] > hits[$1] }
        if !hit.isEmpty {
            out += "\nhits per rule\n"
            for i in hit.prefix(50) {
                out += "  \(String(hits[i]).leftPadded(9, with: " "))  \(ruleSet.rules[i].id)  (\(file):\(ruleSet.lines[i]))\n"
            }
            if hit.count > 50 { out += "  … \(hit.count - 50) more rules hit\n" }
        }
        let never = neverHit
        if !never.isEmpty {
            out +=
                "\nnever hit (\(never.count), prune candidates)\n  " + never.prefix(30).joined(separator: ", ") + (never.count > 30 ? ", …" : "")
                + "\n"
        }
        out += lastSeenText(file: file)
        for (title, table) in [("chains", chains), ("loops", loops)] where !table.isEmpty {
            out += "\n\(title)\n"
            for route in table.values.sorted(by: { $0.count > $1.count }).prefix(20) {
                out += "  \(String(route.count).leftPadded(9, with: " "))  \(Self.compressed(route.rules))   e.g. \(route.example)\n"
            }
        }
        let shares = rolloutShares
        if !shares.isEmpty {
            out += "\nrollouts (observed among requests that reached the rule)\n"
            for s in shares {
                out += "  \(s.id): configured \(String(format1: s.configured))%, observed \(String(format1: s.observed))% of \(s.eligible)\n"
            }
        }
        if !malformedSamples.isEmpty {
            out += "\nmalformed lines (\(malformed)), first ones:\n"
            for (n, text) in malformedSamples { out += "  line \(n): \(text)\n" }
        }
        return out
    }

    /// One JSON object with the same facts.
    public func json(file: String) -> String {
        func s(_ v: String) -> String { JSON.string(v) }
        func routes(_ t: [String: Route]) -> String {
            "["
                + t.values.sorted { $0.count > $1.count }.map {
                    "{\"rules\": [\($0.rules.map(s).joined(separator: ", "))], \"count\": \($0.count), \"example\": \(s($0.example))}"
                }.joined(separator: ", ") + "]"
        }
        let hitsJSON = ruleSet.rules.indices.filter { hits[$0] > 0 }.map { "\(s(ruleSet.rules[$0].id)): \(hits[$0])" }.joined(separator: ", ")
        let shares = rolloutShares.map {
            "{\"rule\": \(s($0.id)), \"configured\": \($0.configured), \"observed\": \(String(format1: $0.observed)), \"eligible\": \($0.eligible)}"
        }
        let lastSeen: String = lastSeenJSON()
        return "{\"file\": \(s(file)), \"lines\": \(lines), \"requests\": \(requests), \"redirected\": \(redirected), "
            + "\"redirected_share\": \(requests == 0 ? "0" : String(format1: Double(redirected) * 100 / Double(requests))),\n"
            + " \"hits\": {\(hitsJSON)},\n \"never_hit\": [\(neverHit.map(s).joined(separator: ", "))],\n"
            + lastSeen
            + " \"chains\": \(routes(chains)),\n \"loops\": \(routes(loops)),\n \"over_limit\": \(limits),\n"
            + " \"off_site\": {\"count\": \(offSite), \"hosts\": {\(offSiteHosts.sorted { $0.key < $1.key }.map { "\(s($0.key)): \($0.value)" }.joined(separator: ", "))}},\n"
            + " \"rollouts\": [\(shares.joined(separator: ", "))],\n"
            + " \"malformed\": {\"count\": \(malformed), \"samples\": [\(malformedSamples.map { "{\"line\": \($0.0), \"text\": \(s($0.1))}" }.joined(separator: ", "))]}}"
    }
}

extension String {
    /// One decimal, no Foundation.
    init(format1 value: Double) {
        let tenths = Int((value * 10).rounded())
        self = "\(tenths / 10).\(abs(tenths % 10))"
    }
}
