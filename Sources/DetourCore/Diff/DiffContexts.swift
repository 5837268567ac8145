/// Everything of a request but its path, enumerated so that each distinct way the gates of some
/// rules can decide (method, scheme, host, conditions, time window, rollout bucket) has exactly one
/// representative. Within one context every rule involved either admits all paths its source takes
/// or none, so the behavioural diff only has to search paths.
struct DiffContext: Hashable {
    var method: String
    var scheme: String
    var host: String
    var query: String?
    var headers: [HTTPRequest.HeaderField]
    var clientAddress: String
    var time: Timestamp

    func request(path: String) -> HTTPRequest {
        HTTPRequest(
            method: method, scheme: scheme, host: host, path: path, query: query, headers: headers, clientAddress: clientAddress, time: time)
    }
}

/// Builds the representative contexts for a set of rules.
struct DiffContextBuilder {
    let sites: [SiteSettings]
    let now: Timestamp
    let rollout: RolloutDecider
    /// More combinations than this are not enumerated; the caller reports the region undecided.
    static let limit = 4096

    struct TooMany: Error {}

    /// The contexts for `rules` (from either file) and which request parts they make matter.
    func contexts(for rules: [Rule]) throws -> (contexts: [DiffContext], shows: Set<DiffRequestPart>) {
        let methods = representatives(methodCandidates(rules)) { m in rules.map { $0.methods.map { $0.contains(m) } ?? true } }
        let schemeHeader = sites.compactMap(\.schemeHeader).first
        let schemes = rules.contains { $0.scheme != nil } ? ["https", "http"] : [sites.last?.scheme ?? "https"]
        let hosts = representatives(hostCandidates(rules)) { h in
            sites.map { $0.hosts.isEmpty || $0.isSiteHost(h) } + rules.map { $0.host.map { $0.matches(h) } ?? true }
        }
        let times = representatives(timeCandidates(rules)) { t in
            rules.map { r in (r.starts.map { t >= $0 } ?? true) && (r.expires.map { t < $0 } ?? true) }
        }
        let conditionSets = try conditionCombinations(rules)
        let rolledOut = rules.filter { !$0.isFullRollout }
        let total = methods.count * schemes.count * hosts.count * times.count * conditionSets.count
        guard total <= DiffContextBuilder.limit else { throw TooMany() }
        var out: [DiffContext] = []
        for method in methods {
            for scheme in schemes {
                for host in hosts {
                    for time in times {
                        for values in conditionSets {
                            var context = DiffContext(
                                method: method, scheme: scheme, host: host, query: nil, headers: [], clientAddress: "192.0.2.1", time: time)
                            apply(values, schemeHeader.map { ($0, scheme) }, to: &context)
                            out += try clients(for: context, rolledOut: rolledOut)
                            guard out.count <= DiffContextBuilder.limit else { throw TooMany() }
                        }
                    }
                }
            }
        }
        var shows: Set<DiffRequestPart> = []
        if rules.contains(where: { $0.starts != nil || $0.expires != nil }) { shows.insert(.time) }
        if !rolledOut.isEmpty { shows.insert(.client) }
        if rules.contains(where: { !$0.conditions.isEmpty || !isFullRolloutByIP($0) }) || schemeHeader != nil { shows.insert(.headers) }
        return (out, shows)
    }

    private func isFullRolloutByIP(_ rule: Rule) -> Bool {
        guard let r = rule.rollout, !r.isFull else { return true }
        if case .ip = r.key { return true }
        return false
    }

    /// Keeps the first candidate of each distinct signature.
    private func representatives<T>(_ candidates: [T], signature: (T) -> [Bool]) -> [T] {
        var seen = Set<[Bool]>()
        return candidates.filter { seen.insert(signature($0)).inserted }
    }

    private func methodCandidates(_ rules: [Rule]) -> [String] {
        var out = ["GET"]
        for r in rules { for m in r.methods ?? [] where !out.contains(m) { out.append(m) } }
        if let unlisted = ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"].first(where: { !out.contains($0) }) { out.append(unlisted) }
        return out
    }

    private func hostCandidates(_ rules: [Rule]) -> [String] {
        var out: [String] = sites.map(\.primaryHost)
        let patterns = sites.flatMap(\.hosts) + rules.compactMap(\.host)
        for p in patterns {
            switch p {
            case .exact(let h): out.append(h)
            case .suffix(let s): out.append("diff." + s)
            }
        }
        out.append("detour-diff.invalid")
        return out
    }

    /// Now, and every window boundary after it: windows are `[starts, expires)`.
    private func timeCandidates(_ rules: [Rule]) -> [Timestamp] {
        var out: Set<Timestamp> = [now]
        for r in rules {
            for t in [r.starts, r.expires].compactMap({ $0 }) where t > now { out.insert(t) }
        }
        return out.sorted()
    }

    struct ConditionKey: Hashable {
        let kind: Condition.Kind
        let name: String
    }

    /// One value (nil: absent) per condition key, each combination a distinct way the conditions
    /// of the rules can decide.
    private func conditionCombinations(_ rules: [Rule]) throws -> [[ConditionKey: String?]] {
        var keys: [ConditionKey] = []
        var tests: [ConditionKey: [ConditionValue]] = [:]
        for r in rules {
            for c in r.allConditions {
                let k = ConditionKey(kind: c.kind, name: c.kind == .header ? c.name.lowercased() : c.name)
                if tests[k] == nil { keys.append(k) }
                tests[k, default: []].append(c.value)
            }
        }
        var combos: [[ConditionKey: String?]] = [[:]]
        for k in keys {
            let values = representatives(valueCandidates(tests[k]!)) { v in tests[k]!.map { DiffContextBuilder.admits($0, v) } }
            var next: [[ConditionKey: String?]] = []
            for combo in combos {
                for v in values {
                    var c = combo
                    c[k] = .some(v)
                    next.append(c)
                }
            }
            combos = next
            guard combos.count <= DiffContextBuilder.limit else { throw TooMany() }
        }
        return combos
    }

    private func valueCandidates(_ tests: [ConditionValue]) -> [String?] {
        var out: [String?] = [nil, "1"]
        for t in tests {
            switch t {
            case .exact(let v): out.append(v)
            case .present: break
            case .regex(let r): if let w = DiffContextBuilder.witness(r) { out.append(w) }
            }
        }
        out.append("detour-diff-other")
        return out
    }

    static func admits(_ test: ConditionValue, _ value: String?) -> Bool {
        guard let value else { return false }
        switch test {
        case .present: return true
        case .exact(let v): return v == value
        case .regex(let r): return CompiledRegex(r).matches(Array(value.utf8))
        }
    }

    /// The shortest readable value a condition regex accepts.
    static func witness(_ regex: PortableRegex) -> String? {
        var allowed = ByteSet(range: 0x30...0x39)
        for b in UInt8(0x41)...0x5a { allowed.insert(b) }
        for b in UInt8(0x61)...0x7a { allowed.insert(b) }
        for b in "-._~/:".utf8 { allowed.insert(b) }
        guard let dfa = try? DFA(searching: regex), let readable = try? DFA(wholeMatch: .repetition(.bytes(allowed), min: 0, max: nil)),
            case .witness(let bytes) = LanguageSearch.shortest(must: [dfa, readable])
        else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func apply(_ values: [ConditionKey: String?], _ scheme: (String, String)?, to context: inout DiffContext) {
        var query: [String] = []
        var cookies: [String] = []
        for (k, v) in values.sorted(by: { ($0.key.kind.rawValue, $0.key.name) < ($1.key.kind.rawValue, $1.key.name) }) {
            guard let v else { continue }
            switch k.kind {
            case .query: query.append(v.isEmpty ? k.name : k.name + "=" + v)
            case .cookie: cookies.append(k.name + "=" + v)
            case .header: context.headers.append(.init(k.name, v))
            }
        }
        if let (header, value) = scheme { context.headers.append(.init(header, value)) }
        if !cookies.isEmpty { context.headers.append(.init("Cookie", cookies.joined(separator: "; "))) }
        if !query.isEmpty { context.query = query.joined(separator: "&") }
    }

    /// One client per distinct combination of the partial rollouts that take it (searched over a
    /// fixed list of client keys, so the witnesses are the same on every run).
    private func clients(for base: DiffContext, rolledOut: [Rule]) throws -> [DiffContext] {
        guard !rolledOut.isEmpty else { return [base] }
        var seen = Set<[Bool]>()
        var out: [DiffContext] = []
        let wanted = rolledOut.count >= 12 ? Int.max : 1 << rolledOut.count
        for k in 0..<4096 {
            var c = base
            c.clientAddress = "10.\(k / 65536).\(k / 256 % 256).\(k % 256)"
            let value = "client-\(k)"
            var extraCookies: [String] = []
            for r in rolledOut {
                switch r.rollout!.key {
                case .ip: break
                case .cookie(let name): if c.request(path: "/").cookie(name) == nil { extraCookies.append(name + "=" + value) }
                case .header(let name): if c.request(path: "/").header(name) == nil { c.headers.append(.init(name, value)) }
                }
            }
            if !extraCookies.isEmpty {
                if let i = c.headers.firstIndex(where: { $0.name == "Cookie" }) {
                    c.headers[i].value += "; " + extraCookies.joined(separator: "; ")
                } else {
                    c.headers.append(.init("Cookie", Array(Set(extraCookies)).sorted().joined(separator: "; ")))
                }
            }
            let request = c.request(path: "/")
            if seen.insert(rolledOut.map { rollout.includes($0, request) }).inserted { out.append(c) }
            if seen.count >= wanted { break }
        }
        return out
    }
}
