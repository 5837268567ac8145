import DetourCore

extension ProbeReport {
    /// `--format json`: every rule with its verdict and, for each request that differs or got no
    /// answer, the request, expected and got; the followed chains; the counts.
    public func json(file: String) -> String {
        var out = "{\n  \"file\": \(JSON.string(file)),\n  \"endpoint\": \(JSON.string(endpoint.description)),\n"
        out += "  \"simulatedAs\": \(JSON.string(simulatedAs)),\n"
        out += "  \"summary\": {\"agree\": \(results(.agree).count), \"differs\": \(results(.differs).count), "
        out += "\"unreachable\": \(results(.unreachable).count), \"requests\": \(probeCount), \"sent\": \(sent), \"skipped\": \(skipped)},\n"
        out += "  \"rules\": [\n"
        out += rules.map { r in
            var s = "    {\"rule\": \(r.ruleID.map(JSON.string) ?? "null"), \"line\": \(r.line), \"verdict\": \(JSON.string(r.verdict.rawValue)), "
            s += "\"requests\": \(r.answers.count), \"findings\": ["
            s += (r.differing + r.unanswered).map(Self.answerJSON).joined(separator: ", ")
            return s + "]}"
        }.joined(separator: ",\n")
        out += "\n  ],\n  \"chains\": [\n"
        out += chains.map { c in
            let hops = c.hops.map { h in
                "{\"method\": \(JSON.string(h.method)), \"url\": \(JSON.string(h.url)), \"status\": \(h.status.map(String.init) ?? "null"), "
                    + "\"location\": \(h.location.map(JSON.string) ?? "null"), \"error\": \(h.error.map(JSON.string) ?? "null")}"
            }
            return "    {\"rule\": \(c.ruleID.map(JSON.string) ?? "null"), \"problems\": \(JSON.array(c.problems.map(\.rawValue))), "
                + "\"note\": \(c.note.map(JSON.string) ?? "null"), \"hops\": [\(hops.joined(separator: ", "))]}"
        }.joined(separator: ",\n")
        out += "\n  ]\n}"
        return out
    }

    static func answerJSON(_ a: ProbeAnswer) -> String {
        var s = "{\"method\": \(JSON.string(a.request.method)), \"url\": \(JSON.string(a.request.url)), "
        s += "\"headers\": \(JSON.array(a.request.headers.map { "\($0.name): \($0.value)" })), \"purpose\": \(JSON.string(a.purpose)), "
        s +=
            "\"expected\": {\"status\": \(a.expected.status.map(String.init) ?? "null"), \"location\": \(a.expected.location.map(JSON.string) ?? "null"), "
        s += "\"cacheControl\": \(a.expected.cacheControl.map(JSON.string) ?? "null"), \"rule\": \(a.expected.ruleID.map(JSON.string) ?? "null")}, "
        switch a.observed {
        case .answered(let status, let location, let cc):
            s +=
                "\"got\": {\"status\": \(status), \"location\": \(location.map(JSON.string) ?? "null"), \"cacheControl\": \(cc.map(JSON.string) ?? "null")}"
        case .unreachable(let reason):
            s += "\"got\": null, \"error\": \(JSON.string(reason))"
        }
        return s + ", \"attempts\": \(a.attempts)}"
    }
}
