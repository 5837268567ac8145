extension Simulator {
    /// Why each rule whose source fits the request's path did or did not answer it (see
    /// `RuleMatcher.considerations`), through this simulator's server view.
    public func considerations(for request: HTTPRequest) -> RuleConsiderations { matcher.considerations(request) }

    /// The considerations of every hop of `trace`, in order.
    public func considerations(for trace: SimulationTrace) -> [RuleConsiderations] { trace.hops.map { considerations(for: $0.request) } }
}
