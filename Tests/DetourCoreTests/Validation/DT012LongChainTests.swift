import Testing

@testable import DetourCore

@Suite struct DT012LongChainTests {
    let check = LongChainCheck()

    func chain(_ n: Int) -> String {
        (0..<n).map {
            """
              - id: r\($0)
                source: /r\($0)
                target: /r\($0 + 1)
                code: 301

            """
        }.joined()
    }

    @Test func tenRedirectsAreTooManyForGo() throws {
        let set = try V.set(chain(10))
        let f = V.run(check, set: set)
        #expect(f.count == 1)
        #expect(f[0].rules.first == "r0")
        #expect(f[0].message.contains("chain of 10 redirects"))
        #expect(f[0].message.contains("Go"))
        #expect(!f[0].message.contains("Googlebot"))
        #expect(V.walk(set, f[0].witness[0]).rules.count == 10)
    }

    @Test func elevenAlsoLosesGooglebot() throws {
        let f = try V.run(check, chain(11))
        #expect(f.count == 1 && f[0].message.contains("Googlebot"))
    }

    @Test func nineRedirectsAreFine() throws {
        #expect(try V.run(check, chain(9)).isEmpty)
    }

    @Test func endlessGrowthIsReported() throws {
        let f = try V.run(
            check,
            """
              - id: grow
                source: /a/*
                target: /a/b/*
                code: 302
            """)
        #expect(f.count == 1)
        #expect(f[0].message.contains("more than"))
    }

    /// A relative `$1` resolves against the request's directory: `/b/a/a` → `/b/a/a/a` →
    /// `/b/a/a/a/a/a` … the path doubles and never repeats (the empty capture's `/b/` → `/b/`
    /// is the separate DT010 loop).
    @Test func aPathDoublingOnEveryHopIsAnEndlessChainForEveryClient() throws {
        let set = try V.set(
            """
              - id: grow
                source: ~^/b/(.*)$
                target: $1
                code: 302
            """)
        let f = V.run(check, set: set)
        #expect(f.count == 1)
        let finding = try #require(f.first)
        #expect(finding.message.contains("grows on every hop"))
        #expect(finding.message.contains("Go, Googlebot, browsers, python-requests, curl give up"))
        let witness = try #require(finding.witness.first)
        let walk = V.walk(set, witness, limit: 10)
        #expect(walk.end == "limit" && Set(walk.rules) == ["grow"])
    }
}
