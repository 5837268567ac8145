import DetourCore

/// The comparison every `detour import … --verify` proof ends with: each probe sent over plain http
/// to the real server on the loopback port and answered by `simulate` on the imported rules;
/// status, absolute Location and Cache-Control must agree.
enum ImportProofComparison {
    /// The disagreements among `probes`, sent to 127.0.0.1:`port` (the `Host` header carries the
    /// probe's own port, if it has one).
    static func disagreements(_ probes: [VerifyRequests.Probe], simulator: Simulator, port: Int) -> [VerifyDisagreement] {
        var out: [VerifyDisagreement] = []
        for probe in probes {
            var request = probe.request
            request.scheme = "http"
            request.time = Timestamp.now()
            let sim = simulator.respond(to: request)
            let observed: ObservedResponse
            do { observed = try HTTPProbe.send(request, host: "127.0.0.1", port: port) } catch {
                observed = ObservedResponse(status: 0, location: "(no response: \(error))", cacheControl: nil)
            }
            let expected = ExpectedResponse(status: sim.status?.rawValue, location: sim.location, cacheControl: sim.cacheControl, ruleID: sim.ruleID)
            if let d = VerifyComparison.compare(
                request: request, purpose: probe.purpose, expected: expected, status: observed.status, location: observed.location,
                cacheControl: observed.cacheControl)
            {
                out.append(d)
            }
        }
        return out
    }

    /// Probes without repeats (same method, URL and headers), at most `limit`.
    static func unique(_ probes: [VerifyRequests.Probe], limit: Int) -> [VerifyRequests.Probe] {
        var seen = Set<String>()
        var out: [VerifyRequests.Probe] = []
        for p in probes {
            let r = p.request
            let key = "\(r.method) \(r.host)\(r.path)?\(r.query ?? "") " + r.headers.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
            guard out.count < limit, seen.insert(key).inserted else { continue }
            out.append(p)
        }
        return out
    }
}
