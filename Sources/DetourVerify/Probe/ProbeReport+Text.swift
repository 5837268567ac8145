import DetourCore

extension ProbeReport {
    /// The text report: every rule that differs (each differing request with expected and got)
    /// or could not be reached, the chains that went wrong, and a summary line.
    public func text(file: String) -> String {
        var out = ""
        for result in rules where result.verdict != .agree {
            let name = result.ruleID.map { "rule \($0)" } ?? "requests no rule names"
            let place = result.line > 0 ? " (\(file):\(result.line))" : ""
            switch result.verdict {
            case .differs:
                out += "DIFFERS \(name)\(place): \(result.differing.count) of \(result.answers.count) requests\n"
                for a in result.differing { out += Self.describe(a) }
            case .unreachable:
                out += "UNREACHABLE \(name)\(place): \(Self.reason(result.answers.first?.observed))\n"
            case .agree: break
            }
        }
        // One entry per rule and kind of problem, with the first chain as the example.
        var groups: [(key: String, first: ProbeChain, count: Int)] = []
        var position: [String: Int] = [:]
        for chain in problemChains {
            let key = "\(chain.ruleID.map { "rule \($0)" } ?? "(no rule)"): \(chain.problems.map(\.rawValue).joined(separator: ", "))"
            if let i = position[key] {
                groups[i].count += 1
            } else {
                position[key] = groups.count
                groups.append((key, chain, 1))
            }
        }
        for g in groups { out += "CHAIN \(g.key)\(g.count > 1 ? " (\(g.count) chains)" : "")\n  \(g.first.text)\n" }
        out += summary + "\n"
        return out
    }

    /// `probe http://127.0.0.1:8080 as nginx: 12 rules agree, 1 differs, 0 unreachable; 57 requests sent`.
    public var summary: String {
        var s = "probe \(endpoint) as \(simulatedAs): \(results(.agree).filter { $0.ruleID != nil }.count) rules agree, "
        s += "\(results(.differs).count) differ\(results(.differs).count == 1 ? "s" : ""), \(results(.unreachable).count) unreachable"
        if !chains.isEmpty { s += "; \(problemChains.count) of \(chains.count) redirect chains with problems" }
        s += "; \(sent) requests sent"
        let unanswered = rules.reduce(0) { $0 + $1.unanswered.count }
        if unanswered > 0 { s += ", \(unanswered) without an answer" }
        if skipped > 0 { s += ", \(skipped) skipped (they need a client address only a loopback endpoint lets probe choose)" }
        return s
    }

    static func describe(_ a: ProbeAnswer) -> String {
        var s = "  \(a.request.method) \(a.request.url)"
        if !a.request.headers.isEmpty { s += " [" + a.request.headers.map { "\($0.name): \($0.value)" }.joined(separator: "; ") + "]" }
        s += "  (\(a.purpose))\n"
        s += "    expected: " + expectedText(a.expected) + "\n"
        s += "    got:      " + observedText(a.observed) + "\n"
        return s
    }

    static func expectedText(_ e: ExpectedResponse) -> String {
        guard let status = e.status else { return "no redirect (origin)" }
        var s = "\(status) \(e.location ?? "-")"
        if let r = e.ruleID { s += " by rule \(r)" }
        if let cc = e.cacheControl { s += ", Cache-Control: \(cc)" }
        return s
    }

    static func observedText(_ o: ProbeObservation) -> String {
        switch o {
        case .unreachable(let reason): return "no answer: \(reason)"
        case .answered(let status, let location, let cc):
            var s = "\(status)"
            if let location { s += " \(location)" }
            if let cc { s += ", Cache-Control: \(cc)" }
            return s
        }
    }

    static func reason(_ o: ProbeObservation?) -> String {
        if case .unreachable(let r)? = o { return r }
        return "no answer"
    }
}
