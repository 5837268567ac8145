/// DT071: a regex (source or `when` value) that a backtracking engine can try in exponentially many
/// ways (`(a+)+$`, `(a|a)*`, `(\w+\s?)+$`). Detour's matcher and RE2 run it in linear time, but
/// PCRE2 gives up at its match limit (nginx answers 500) and lighttpd's matcher hangs, so export
/// to those servers refuses the rule (DT080). The witness is a request that makes them try 2^32
/// paths.
public struct RegexBacktrackingCheck: Check {
    public init() {}
    public let id = "DT071"
    public let name = "regex-backtracking"
    public let severity = Severity.warning
    public let summary =
        "A regex can backtrack exponentially (nested or overlapping quantifiers such as (a+)+ or (a|ab)*): PCRE servers give up at their match limit (nginx answers 500), so export to them refuses the rule."

    public func findings(in context: ValidationContext) -> [Finding] {
        var out: [Finding] = []
        for (i, rule) in context.rules.enumerated() where rule.enabled {
            for (field, _, regex) in RegexEngineCheck.regexes(of: rule) {
                guard let found = BacktrackingAnalysis.find(in: regex) else { continue }
                let witness = witnessRequest(context, rule: i, field: field, value: found.witness)
                out.append(
                    finding(
                        context, rule: i, field: field == "source" ? .source : .when,
                        message:
                            "\(field) regex '\(regex.pattern)' can backtrack exponentially at '\(found.construct)' (character \(found.span.lowerBound + 1))",
                        why:
                            "'\(found.construct)' can read the same text in more than one way, so on text like the witness ('\(found.pump)' repeated, then '\(found.suffix)') a backtracking engine tries 2^\(CatastrophicBacktracking.witnessRepeats) paths before it fails: \(backtrackingServers). Make the alternatives or repetitions exclusive (for example (a+)+ → a+, (\\w+\\s?)+ → [\\w\\s]+).",
                        witness: witness.map { [$0] } ?? []))
            }
        }
        return out
    }

    /// The servers whose engine backtracks, from the registry.
    private var backtrackingServers: String {
        ServerTargets.all.filter { $0.regexEngine.exponentialBacktracking != nil }.map(\.name).joined(separator: ", ")
            + " refuse it on export (DT080)"
    }

    /// A request carrying the witness where the regex reads it: the path, or the condition's value.
    private func witnessRequest(_ context: ValidationContext, rule i: Int, field: String, value: String) -> HTTPRequest? {
        let rule = context.rules[i]
        let method = MethodSet(rule.methods).preferred
        if field == "source" {
            guard value.utf8.first == 0x2f else { return nil }
            return context.request(method: method, rule: i, path: value)
        }
        guard let (path, query) = context.sourceRequest(i, values: [:]) else { return nil }
        // The other conditions are met; the one under test gets the witness value.
        var request = context.request(method: method, rule: i, path: path, query: query, meetConditions: false)
        ConditionWitness.satisfying(rule.allConditions.filter { "when \($0.kind.rawValue) \($0.name)" != field })?.apply(to: &request)
        for c in rule.allConditions where "when \(c.kind.rawValue) \(c.name)" == field {
            switch c.kind {
            case .header: request.headers.append(.init(c.name, value))
            case .cookie: request.headers.append(.init("Cookie", c.name + "=" + value))
            case .query: request.query = [request.query, c.name + "=" + value].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "&")
            }
        }
        return request
    }
}
