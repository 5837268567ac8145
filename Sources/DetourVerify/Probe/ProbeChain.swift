/// A redirect chain the deployment answered, followed hop by hop (`--follow`), and what is wrong
/// with it: it ends in 4xx/5xx, leaves the site, takes more than one hop, or loops.
public struct ProbeChain: Sendable {
    /// One request of the chain and the deployment's answer (or why there was none).
    public struct Hop: Sendable {
        public let method: String
        public let url: String
        public let status: Int?
        public let location: String?
        public let error: String?
    }

    /// What is wrong with a chain, as the report words it.
    public enum Problem: String, Sendable, CaseIterable {
        case endsInError = "ends in 4xx/5xx"
        case offSite = "ends off-site"
        case multipleHops = "takes more than one hop"
        case loop = "loops"
        case tooManyHops = "exceeds the hop limit"
    }

    public let ruleID: String?
    public let hops: [Hop]
    public let problems: [Problem]
    /// Why following stopped early, when it did (an off-site host, another scheme).
    public let note: String?

    public var text: String {
        var parts = hops.map { hop -> String in
            var s = "\(hop.method) \(hop.url) → "
            if let status = hop.status { s += "\(status)" } else { s += "no answer (\(hop.error ?? "?"))" }
            return s
        }
        if let last = hops.last, let location = last.location, problems.contains(.offSite) || note != nil { parts.append(location) }
        return parts.joined(separator: " → ")
    }
}
