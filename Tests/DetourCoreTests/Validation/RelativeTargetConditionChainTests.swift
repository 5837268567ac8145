import Testing

@testable import DetourCore

/// The property test's known miss (runs 571 and 1709 of `DETOUR_PROPERTY_RUNS=2000`): a relative
/// `$1` target (`/new/legacy-1` → `1` → `/new/1`) lands on a rule with a `when` condition, which
/// takes the landing only from a request carrying its header. The chain is found with a request
/// that meets both rules' conditions, exactly (no chain to a rule whose conditions conflict).
@Suite struct RelativeTargetConditionChainTests {
    static func set(_ beta: String, firstBeta: String? = nil) -> RuleSet {
        var set = RuleSet()
        set.site.hosts = [.exact("example.com"), .exact("www.example.com")]
        let source = try! Source.parse("~^/new/legacy-(\\d+)$")
        var r0 = Rule(id: "r0", source: source, target: try! Target.parse("$1", captureCount: 1, sourceIsPrefix: false), code: .permanentRedirect)
        r0.methods = ["POST"]
        r0.starts = Timestamp(rfc3339: "2027-01-01T00:00:00Z")
        if let firstBeta { r0.conditions = [Condition(kind: .header, name: "X-Beta", value: .exact(firstBeta))] }
        var r1 = Rule(
            id: "r1", source: try! Source.parse("/new/*"), target: try! Target.parse("/a/b/*", captureCount: 1, sourceIsPrefix: true), code: .found)
        r1.conditions = [Condition(kind: .header, name: "X-Beta", value: .exact(beta))]
        set.rules = [r0, r1]
        set.lines = [1, 2]
        return set
    }

    static let validator = Validator(checks: [LoopCheck(), ChainCheck(), SelfRedirectCheck()], now: RedirectOracle.now)

    @Test func theChainIntoAConditionalRuleIsReportedWithAWitnessThatWalksIt() {
        let set = Self.set("1")
        let findings = Self.validator.validate(set)
        let chain = findings.first { $0.check == "DT011" && $0.rules == ["r0", "r1"] }
        #expect(chain != nil, "\(findings.map(\.message))")
        if let w = chain?.witness.first {
            #expect(w.header("X-Beta") == "1")
            #expect(RedirectOracle.walk(set, w).hops.map(\.rule) == [0, 1])
        }
        let seen = RedirectOracle.observe(set, extraPaths: findings.flatMap { $0.witness.map(\.path) })
        #expect(RedirectPropertyTests.compare(set, findings, seen).isEmpty)
    }

    @Test func conditionsNoRequestMeetsTogetherMakeNoChain() {
        let set = Self.set("1", firstBeta: "2")
        let findings = Self.validator.validate(set)
        #expect(!findings.contains { $0.check == "DT011" }, "\(findings.map(\.message))")
        #expect(RedirectOracle.observe(set).edges.isEmpty)
    }
}
