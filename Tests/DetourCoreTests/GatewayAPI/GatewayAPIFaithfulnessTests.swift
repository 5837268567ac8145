import Foundation
import Testing

@testable import DetourCore

/// The export is a faithful encoding: for generated rule sets, the exported HTTPRoutes read back
/// with Gateway API's documented precedence and redirect semantics (`GatewayAPIModel`) answer every
/// generated request exactly as `simulate --as gateway` does over the rules the export kept.
@Suite struct GatewayAPIFaithfulnessTests {
    /// A small deterministic generator (SplitMix64), so a failure names a reproducible seed.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
    }

    static let exactPaths = ["/a", "/a/", "/a/b", "/b", "/a/b/c", "/c"]
    static let prefixes = ["/a/", "/a/b/", "/b/"]

    static func ruleSet(seed: UInt64) throws -> RuleSet {
        var g = Generator(state: seed)
        var yaml = "rules:\n"
        for i in 0..<Int(2 + g.next() % 7) {
            var fields: [String] = ["id: r\(i)", "code: \(g.pick([301, 302, 303, 307, 308]))"]
            if g.next() % 2 == 0 {
                fields.append("source: \(g.pick(exactPaths))")
                fields.append("target: \(g.pick(["/x", "\"https://new.example.com/y\"", "\"http://other.example:8080/z/\""]))")
            } else {
                fields.append("source: \"\(g.pick(prefixes))*\"")
                fields.append("target: \(g.pick(["\"/x/*\"", "/fixed", "\"https://new.example.com/n/*\"", "\"/*\""]))")
            }
            switch g.next() % 4 {
            case 0: fields.append("methods: [GET]")
            case 1: fields.append("methods: [POST, PUT]")
            default: break
            }
            switch g.next() % 4 {
            case 0: fields.append("when: {header: {X-T: \"\(g.pick(["1", "2"]))\"}}")
            case 1: fields.append("when: {query: {k: \(g.pick(["v", "w"]))}}")
            default: break
            }
            yaml += "  - {" + fields.joined(separator: ", ") + "}\n"
        }
        return try TestSupport.yaml(yaml).ruleSet
    }

    static let requests: [HTTPRequest] = {
        var out: [HTTPRequest] = []
        for path in ["/a", "/a/", "/a/b", "/a/b/", "/a/b/c", "/a/bc", "/b", "/b/", "/b/x", "/c", "/ab"] {
            for method in ["GET", "POST", "PUT", "HEAD"] {
                for header in [nil, "1", "2"] {
                    for query in [nil, "k=v", "k=w&z=1"] {
                        out.append(
                            HTTPRequest(
                                method: method, scheme: "https", host: "site.example", path: path, query: query,
                                headers: header.map { [HTTPRequest.HeaderField("X-T", $0)] } ?? [], time: GatewayAPIExportTests.now))
                    }
                }
            }
        }
        return out
    }()

    @Test("300 generated rule sets: the read-back routes answer like simulate --as gateway", arguments: 0..<3)
    func faithful(batch: Int) throws {
        let validator = try HTTPRouteSchemaValidator()
        var exportedRules = 0
        for seed in UInt64(batch * 100)..<UInt64(batch * 100 + 100) {
            var set = try Self.ruleSet(seed: seed)
            let out = try GatewayAPIExporter().export(set, options: GatewayAPIExportTests.options(lenient: true))
            let left = Set(out.omissions.map(\.ruleID))
            for i in set.rules.indices where left.contains(set.rules[i].id) { set.rules[i].enabled = false }
            exportedRules += out.exportedRuleCount
            let stream = GatewayAPIExportTests.stream(out)
            #expect(try validator.violations(stream) == [], "seed \(seed)")
            guard out.exportedRuleCount > 0 else { continue }
            let model = try GatewayAPIModel(stream: stream)
            let simulator = Simulator(ruleSet: set, view: GatewayAPITarget().exportedView)
            for r in Self.requests {
                let expected = simulator.respond(to: r)
                let actual = model.answer(r, listenerPort: 443)
                if expected.status?.rawValue != actual?.status || expected.locationHeader != actual?.location {
                    Issue.record(
                        "seed \(seed) \(r.method) \(r.path)?\(r.query ?? "") X-T=\(r.header("X-T") ?? "-"): simulate \(expected.status?.rawValue ?? 0) \(expected.locationHeader ?? "-") (rule \(expected.ruleID ?? "-")), routes \(actual?.status ?? 0) \(actual?.location ?? "-")"
                    )
                    return
                }
            }
        }
        #expect(exportedRules > 100, "the generator should produce exportable rules")
    }
}
