/// The two renderings of a trace `simulate` prints: a readable hop-by-hop text and the JSON object
/// of DESIGN §6.1 (whose keys other tools rely on; extra keys may be added, never renamed).
public enum TraceReport {
    /// One block per hop: the request, the rule with its file line, the status and what it means,
    /// `Location`, `Cache-Control`, what the client does next; then the outcome. `considerations`
    /// (one per hop, from `Simulator.considerations(for:)`) say why a request reached the origin:
    /// the rules whose source fit and why each did not apply; with `explain`, every hop lists every
    /// rule considered.
    public static func text(
        _ trace: SimulationTrace, file: String, view: ServerView, client: any ClientModel, color: Bool = false,
        considerations: [RuleConsiderations] = [], explain: Bool = false
    ) -> String {
        func bold(_ s: String) -> String { color ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
        func tint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        let shown = Self.shown
        var out = "\(bold(trace.request.method + " " + shown(trace.request.url)))  (as \(view.name), client \(client.name))\n"
        for (i, hop) in trace.hops.enumerated() {
            out += "\n\(i + 1)  \(hop.request.method) \(shown(hop.request.url))\(hop.hasBody ? "  [with body]" : "")\n"
            let r = hop.response
            let considered = i < considerations.count ? considerations[i] : nil
            if r.status == nil {
                let missed = considered?.notApplied ?? []
                out += "   " + tint("served by origin", "32") + " (no rule applies)\n"
                if !explain { for c in missed { out += consideredLine("not applied", c, file: file) } }
            }
            if explain, let considered {
                for c in considered.considered { out += consideredLine("considered", c, file: file) }
                out += "   other rules    \(considered.pathMismatches) (source does not fit the path, or disabled)\n"
            }
            guard let status = r.status else { continue }
            out += "   rule           \(bold(r.ruleID ?? "?"))  (\(file):\(r.line ?? 0))\n"
            out += "   status         " + tint("\(status.rawValue) \(status.reasonPhrase)", "33") + " — \(status.methodBehaviour)\n"
            out += "   Location       \(shown(r.locationHeader ?? ""))\n"
            if let header = r.locationHeader, header != r.location { out += "   resolved       \(shown(r.location ?? ""))\n" }
            out += "   Cache-Control  \(r.cacheControl ?? "(none)")\n"
            if let next = hop.next {
                var what = "\(next.method) \(shown(next.url))"
                if next.bodyKept { what += ", body kept" }
                if next.bodyDropped { what += ", body dropped" }
                if next.method != hop.request.method { what += " (\(hop.request.method) became \(next.method))" }
                if !next.droppedHeaders.isEmpty { what += "; drops " + next.droppedHeaders.joined(separator: ", ") }
                let label = client.name + " sends"
                out += "   " + label + String(repeating: " ", count: max(1, 15 - label.count)) + what + "\n"
            }
        }
        out += "\n"
        switch trace.outcome {
        case .origin:
            out +=
                "outcome  " + tint("origin", "32")
                + " — served by origin after \(trace.redirectCount) redirect\(trace.redirectCount == 1 ? "" : "s")\n"
        case .external: out += "outcome  " + tint("external", "36") + " — leaves the site's hosts (reported, not followed)\n"
        case .loop: out += "outcome  " + tint("loop", "31") + " — \(trace.finalMethod) \(shown(trace.finalURL)) was already requested\n"
        case .limit where trace.stoppedGrowing:
            out +=
                "outcome  " + tint("limit", "31") + " — too many redirects: the URL grows on every hop and never repeats, so \(client.name) "
                + "follows it until its limit of \(client.maxRedirects) redirects; stopped after \(trace.redirectCount), when the next URL "
                + "passed \(SimulationTrace.longestFollowedURL / 1024) KB (servers answer 414 URI Too Long to a request line that long)\n"
        case .limit:
            out += "outcome  " + tint("limit", "31") + " — too many redirects: \(client.name) follows at most \(client.maxRedirects) redirects\n"
        }
        out += "final    \(trace.finalMethod) \(shown(trace.finalURL))\n"
        return out
    }

    /// The most characters of a URL the text shows; a longer one (a path that grows on every hop)
    /// is cut, saying how long it is. JSON keeps every URL whole.
    static let shownURLLength = 160

    /// `url` as the text shows it: whole, or its first `shownURLLength` characters and its length.
    static func shown(_ url: String) -> String {
        guard url.utf8.count > shownURLLength else { return url }
        return String(url.prefix(shownURLLength)) + "… (\(url.utf8.count) bytes)"
    }

    /// `   not applied    beta-home (redirects.yaml:40): outside the 10 % rollout by ip (bucket 73)`.
    private static func consideredLine(_ label: String, _ c: RuleConsideration, file: String) -> String {
        "   " + label + String(repeating: " ", count: max(1, 15 - label.count)) + "\(c.ruleID) (\(file):\(c.line)): \(c.reason.text)\n"
    }

    /// `{"rule": …, "line": …, "reason": "rollout", "why": "outside the 10 % rollout by ip (bucket 73)"}`.
    private static func consideredJSON(_ c: RuleConsideration) -> String {
        var fields = [
            "\"rule\": \(JSON.string(c.ruleID))", "\"line\": \(c.line)", "\"reason\": \(JSON.string(c.reason.keyword))",
            "\"why\": \(JSON.string(c.reason.text))"
        ]
        if case .rollout(_, _, let bucket) = c.reason { fields.append("\"bucket\": \(bucket.map(String.init) ?? "null")") }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    /// `{"request": …, "hops": […], "outcome": …, "final": …}`: one hop per redirect, `location`
    /// always absolute. `not_applied` lists the rules whose source fit the last request but did not
    /// apply to it (why it reached the origin); with `explain`, `explain` holds every hop's
    /// considered rules.
    public static func json(
        _ trace: SimulationTrace, view: ServerView, client: any ClientModel, considerations: [RuleConsiderations] = [], explain: Bool = false
    ) -> String {
        func s(_ v: String) -> String { JSON.string(v) }
        var hops: [String] = []
        for hop in trace.hops {
            guard let status = hop.response.status else { continue }
            let r = hop.response
            var fields = [
                "\"method\": \(s(hop.request.method))", "\"url\": \(s(hop.request.url))",
                "\"rule\": \(s(r.ruleID ?? ""))", "\"line\": \(r.line ?? 0)", "\"status\": \(status.rawValue)",
                "\"location\": \(s(r.location ?? ""))",
                "\"cache_control\": \(r.cacheControl.map(s) ?? "null")",
                "\"location_header\": \(s(r.locationHeader ?? ""))"
            ]
            if let next = hop.next {
                fields.append(
                    "\"next\": {\"method\": \(s(next.method)), \"url\": \(s(next.url)), \"body\": \(s(next.bodyKept ? "kept" : next.bodyDropped ? "dropped" : "none")), \"dropped_headers\": [\(next.droppedHeaders.map(s).joined(separator: ", "))]}"
                )
            }
            hops.append("{" + fields.joined(separator: ", ") + "}")
        }
        let last = trace.hops.last
        let notApplied =
            last?.response.status == nil && considerations.count == trace.hops.count ? considerations.last!.notApplied.map(consideredJSON) : []
        var explained = ""
        if explain {
            let items = zip(trace.hops, considerations).map { hop, c in
                "{\"method\": \(s(hop.request.method)), \"url\": \(s(hop.request.url)), \"considered\": ["
                    + c.considered.map(consideredJSON).joined(separator: ", ") + "], \"other_rules\": \(c.pathMismatches)}"
            }
            explained = " \"explain\": [" + items.joined(separator: ",\n             ") + "],\n"
        }
        return "{\"request\": {\"method\": \(s(trace.request.method)), \"url\": \(s(trace.request.url))},\n"
            + " \"hops\": [" + hops.joined(separator: ",\n          ") + "],\n"
            + " \"outcome\": \(s(trace.outcome.rawValue)), \"stopped_growing\": \(trace.stoppedGrowing),\n"
            + " \"final\": {\"method\": \(s(trace.finalMethod)), \"url\": \(s(trace.finalURL))},\n"
            + " \"not_applied\": [\(notApplied.joined(separator: ", "))],\n" + explained
            + " \"server\": \(s(view.name)), \"client\": \(s(client.name))}"
    }
}
