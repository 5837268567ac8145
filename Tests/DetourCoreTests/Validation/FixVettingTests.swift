import Testing

@testable import DetourCore

/// Issue #14 item 4: a fix is offered only if applying it removes its finding without creating
/// another. Every offered fix of a corpus — the bundled examples, the test fixtures, hand-written
/// cases and generated rule sets — is applied and the whole file checked again.
@Suite struct FixVettingTests {
    static let now = Timestamp(rfc3339: "2026-11-25T00:00:00Z")!

    @Test func flatteningAChainBackToItsStartIsNotOffered() throws {
        // POST /thanks → 307 /submit → 303 GET /thanks: "point form at /thanks" would be a self-redirect.
        let set = try V.set(
            """
              - id: form
                source: /thanks
                methods: [POST]
                target: /submit
                code: 307
              - id: submit
                source: /submit
                target: /thanks
                code: 303
            """)
        let f = Validator(checks: [ChainCheck()], now: Self.now).validate(set)
        #expect(f.map(\.check) == ["DT011"])
        #expect(f.first?.fix == nil)
        // Near miss: a chain that ends elsewhere keeps its flattening fix.
        let elsewhere = try V.set(
            """
              - id: form
                source: /thanks
                methods: [POST]
                target: /submit
                code: 307
              - id: submit
                source: /submit
                target: /done
                code: 307
            """)
        let g = Validator(checks: [ChainCheck()], now: Self.now).validate(elsewhere)
        #expect(g.first?.fix?.description == "point form at /done")
    }

    /// Errors and warnings (info findings are advice a fix may bring).
    static func keys(_ f: [Finding]) -> Set<String> { FixVetting.counted(f) }

    /// Applies every offered fix and checks again: the finding is gone and nothing new appears.
    static func problems(_ set: RuleSet, name: String) -> [String] {
        let validator = Validator(now: now)
        let before = validator.validate(set)
        var out: [String] = []
        for f in before {
            guard let fix = f.fix else { continue }
            let fixed = validator.validate(fix.apply(to: set))
            let after = keys(fixed)
            if fixed.contains(where: { FixVetting.key($0) == FixVetting.key(f) }) {
                out.append("\(name): '\(fix.description)' leaves \(f.check) \(f.message)")
            }
            let created = after.subtracting(keys(before))
            if !created.isEmpty { out.append("\(name): '\(fix.description)' for \(f.check) creates \(created.sorted())") }
        }
        return out
    }

    static let corpusFiles = [
        "examples/api-migration.yaml", "examples/operations.yaml", "examples/site-migration.csv",
        "Tests/DetourCoreTests/Fixtures/sim-operations.yaml", "Tests/ServerTests/Fixtures/every-feature.yaml",
        "Tests/ServerTests/Fixtures/scheme.yaml", "Tests/ServerTests/Fixtures/proxy-paths.yaml", "Tests/DetourTUITests/Fixtures/redirects.yaml"
    ]

    @Test(arguments: corpusFiles) func everyFixOfAFixtureHolds(_ file: String) throws {
        let set = try RuleFileDocument.load(path: TestSupport.repoRoot + "/" + file).ruleSet
        for p in Self.problems(set, name: file) { Issue.record(Comment(rawValue: p)) }
    }

    /// Cases whose obvious fix would create another finding.
    static let cases: [(String, String)] = [
        (
            "rollout-permanent",
            """
              - id: p
                source: /p
                target: /q
                code: 301
                rollout: 20%
            """
        ),
        (
            "post-301-with-rollout",
            """
              - id: b
                source: /b
                target: /c
                code: 301
                methods: [POST]
            """
        ),
        (
            "chain-into-loop",
            """
              - id: a
                source: /a
                target: /b
                code: 302
              - id: b
                source: /b
                target: /c
                code: 302
              - id: c
                source: /c
                target: /b
                code: 302
            """
        ),
        (
            "prefix-chain",
            """
              - id: a
                source: /old/*
                target: /mid/*
                code: 301
              - id: b
                source: /mid/*
                target: /old/*
                code: 301
                expires: 2027-01-01T00:00:00Z
            """
        ),
        (
            "chain-with-example",
            """
              - id: a
                source: /a
                target: /b
                code: 301
                examples:
                  - request: GET https://example.com/a
                    expect: 301 https://example.com/b
              - id: b
                source: /b
                target: /c
                code: 301
            """
        )
    ]

    @Test(arguments: cases.map(\.0)) func everyFixOfAHandWrittenCaseHolds(_ name: String) throws {
        let text = try #require(Self.cases.first { $0.0 == name }).1
        for p in Self.problems(try V.set(text), name: name) { Issue.record(Comment(rawValue: p)) }
    }

    @Test func everyFixOfAGeneratedSetHolds() {
        var g = RedirectOracle.SplitMix(state: 0x14_0004)
        var failures = 0
        for run in 0..<120 where failures < 3 {
            let set = RedirectOracle.ruleSet(&g)
            let p = Self.problems(set, name: "run \(run)")
            if !p.isEmpty {
                failures += 1
                Issue.record(Comment(rawValue: RedirectOracle.describe(set) + "\n" + p.joined(separator: "\n")))
            }
        }
    }
}
