import Testing

@testable import DetourCore

/// Every witness the validator reports is replayed through the simulator (`detour simulate`'s
/// engine): loops must come back as `loop`, chains must fire the rules named, open redirects must
/// leave the site, shadowed rules must be answered by the shadowing rule.
@Suite struct WitnessSimulatorTests {
    static let scenarios: [(name: String, rules: String)] = [
        (
            "exact loop",
            """
              - id: a
                source: /a
                target: /b
                code: 301
              - id: b
                source: /b
                target: /a
                code: 301
            """
        ),
        (
            "www loop",
            """
              - id: www
                source: /*
                target: https://www.example.com/*
                code: 301
            """
        ),
        (
            "regex loop",
            """
              - id: x
                source: ~^/x/([0-9]+)$
                target: /y/$1
                code: 302
              - id: y
                source: ~^/y/([0-9]+)$
                target: /x/$1
                code: 302
            """
        ),
        (
            "three-rule loop across hosts",
            """
              - id: one
                host: example.com
                source: /p/*
                target: https://www.example.com/q/*
                code: 307
              - id: two
                host: www.example.com
                source: ~^/q/(.*)$
                target: /r/$1
                code: 307
              - id: three
                host: www.example.com
                source: /r/*
                target: https://example.com/p/*
                code: 307
            """
        ),
        (
            "chains",
            """
              - id: a
                source: /a
                target: /b
                code: 301
              - id: b
                source: /b
                target: /c
                code: 301
              - id: old
                source: /old/*
                target: /mid/*
                code: 301
              - id: mid
                source: /mid/*
                target: /new/*
                code: 301
              - id: p
                source: ~^/p/([0-9]+)$
                target: /q/$1
                code: 301
              - id: q
                source: ~^/q/(7[0-9]*)$
                target: /r/$1
                code: 301
              - id: keep
                source: /api/v1/orders
                target: /api/v2/orders
                code: 307
                methods: [POST]
              - id: drop
                source: /api/v2/orders
                target: /api/v3/orders
                code: 302
            """
        ),
        (
            "long chain",
            (0..<12).map {
                """
                  - id: r\($0)
                    source: /r\($0)
                    target: /r\($0 + 1)
                    code: 301

                """
            }.joined()
        ),
        (
            "growth",
            """
              - id: grow
                source: /a/*
                target: /a/b/*
                code: 302
            """
        )
    ]

    @Test(arguments: scenarios.map(\.name)) func loopAndChainWitnessesReplay(_ name: String) throws {
        let set = try V.set(Self.scenarios.first { $0.name == name }!.rules)
        let findings = Validator(checks: [LoopCheck(), ChainCheck(), LongChainCheck(), MethodDowngradeChainCheck()], now: V.now).validate(set)
        #expect(!findings.isEmpty)
        let sim = Simulator(ruleSet: set)
        for f in findings {
            let w = try #require(f.witness.first, "\(f.check) without witness")
            let trace = sim.trace(w)
            switch f.check {
            case "DT010":
                #expect(trace.outcome == .loop, "\(f.message)")
                #expect(Set(trace.ruleIDs).isSuperset(of: f.rules))
            case "DT011", "DT013":
                #expect(Array(trace.ruleIDs.prefix(2)) == Array(f.rules.prefix(2)), "\(f.message): \(trace.ruleIDs)")
                if f.check == "DT013" {
                    #expect(trace.hops.first?.next?.method == w.method)  // kept at the first hop
                    #expect(trace.hops.dropFirst().first?.next?.method == "GET")  // dropped at the second
                }
            case "DT012":
                #expect(trace.redirectCount > 9 || trace.outcome == .limit, "\(f.message)")
            default:
                Issue.record("unexpected \(f.check)")
            }
        }
    }

    @Test func openRedirectWitnessLeavesTheSite() throws {
        let set = try V.set(
            """
              - id: go
                source: /go/*
                target: /*
                code: 302
              - id: h
                source: ~^/h/([a-z.]+)$
                target: https://$1/
                code: 302
            """)
        let findings = V.run(OpenRedirectCheck(), set: set)
        #expect(findings.count == 2)
        for f in findings {
            let trace = Simulator(ruleSet: set).trace(try #require(f.witness.first))
            #expect(trace.outcome == .external, "\(f.message)")
        }
    }

    @Test func shadowWitnessIsAnsweredByTheShadowingRule() throws {
        let set = try V.set(
            """
              - id: all
                source: /blog/*
                target: https://blog.cdn.example.net/*
                code: 301
              - id: one
                source: /blog/hello
                target: /hello
                code: 301
            """)
        let f = try #require(V.run(ShadowedRuleCheck(), set: set).first)
        #expect(Simulator(ruleSet: set).respond(to: try #require(f.witness.first)).ruleID == "all")
    }
}
