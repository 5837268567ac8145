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
}
