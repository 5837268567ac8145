import Testing

@testable import DetourCore

@Suite struct DT001OpenRedirectTests {
    let check = OpenRedirectCheck()

    @Test func splatAfterSlashLetsDoubleSlashOut() throws {
        let set = try V.set(
            """
              - id: go
                source: /go/*
                target: /*
                code: 302
            """)
        let f = V.run(check, set: set)
        #expect(f.map(\.check) == ["DT001"])
        let w = try #require(f.first?.witness.first)
        #expect(w.path.hasPrefix("/go//"))
        // The witness really produces an off-site Location.
        let out = try #require(FirstMatchEvaluator(set).evaluate(w))
        #expect(LocationScanner.judge(Array(out.location.utf8), trusted: TrustedHosts(site: set.site)) == .offSite)
    }

    @Test func hostLikeCaptureInHostIsOpen() throws {
        let f = try V.run(
            check,
            """
              - id: h
                source: ~^/h/([a-z.]+)$
                target: https://$1/
                code: 302
            """)
        #expect(f.count == 1)
        #expect(f[0].witness.first?.path.hasPrefix("/h/") == true)
    }

    @Test func fixedExternalHostIsOpenUnlessAllowed() throws {
        #expect(
            try V.run(
                check,
                """
                  - id: e
                    source: /e
                    target: https://evil.com/x
                    code: 301
                """
            ).count == 1)
        #expect(
            try V.run(
                check,
                """
                  - id: api
                    source: /api
                    target: https://api-v2.example.com/orders
                    code: 307
                  - id: cdn
                    source: /img/*
                    target: https://img.cdn.example.net/*
                    code: 302
                """
            ).isEmpty)
    }

    @Test func captureRestrictedToLabelCharactersIsSafe() throws {
        #expect(
            try V.run(
                check,
                """
                  - id: safe
                    source: ~^/s/([a-z0-9]+)$
                    target: /$1
                    code: 302
                  - id: cdn
                    source: ~^/c/([a-z0-9]+)$
                    target: https://$1.cdn.example.net/
                    code: 302
                  - id: path
                    source: /keep/*
                    target: https://www.example.com{path}
                    code: 301
                """
            ).isEmpty)
    }

    @Test func digitsAppendedToTheHostChangeIt() throws {
        let f = try V.run(
            check,
            """
              - id: n
                source: ~^/n/(\\d+)$
                target: https://example.com$1/
                code: 302
            """)
        #expect(f.count == 1)
    }

    @Test func pathPlaceholderAloneIsOpen() throws {
        #expect(
            try V.run(
                check,
                """
                  - id: p
                    source: /x/*
                    target: "{path}"
                    code: 302
                """
            ).count == 1)
    }

    static func escaped(_ s: String) -> String {
        s.map { c in
            if c.isASCII, !(c.isLetter || c.isNumber) { return "\\" + String(c) }
            return String(c)
        }.joined()
    }

    /// Every corpus payload reachable through a capture that can hold exactly it is flagged; no
    /// local look-alike reachable the same way is.
    @Test func corpusThroughAPlaceholder() throws {
        let pathBytes = PathLanguages.pathByte
        func rule(_ payload: String) throws -> RuleSet {
            try V.set(
                """
                site:
                  hosts: [example.com, www.example.com, whitelisteddomain.tld, www.whitelisteddomain.tld]
                  allow: [api-v2.example.com, "*.cdn.example.net"]
                rules:
                  - id: r
                    source: '~^/r/(\(Self.escaped(payload).replacingAll("'", "''")))$'
                    target: $1
                    code: 302
                """, withSite: false)
        }
        var tried = 0
        for p in try LocationScannerTests.corpus("attacks.txt") where p.utf8.allSatisfy({ pathBytes.contains($0) }) {
            tried += 1
            let f = Validator(checks: [OpenRedirectCheck(), DangerousSchemeCheck()], now: V.now).validate(try rule(p))
            #expect(f.count == 1, "not flagged through a capture: \(p)")
        }
        #expect(tried >= 150)
        for p in try LocationScannerTests.corpus("locals.txt") where p.utf8.allSatisfy({ pathBytes.contains($0) }) {
            let f = Validator(checks: [OpenRedirectCheck(), DangerousSchemeCheck()], now: V.now).validate(try rule(p))
            #expect(f.isEmpty, "local flagged through a capture: \(p)")
        }
    }

    /// Every corpus payload written as a fixed target is flagged (built directly: the loader refuses
    /// most of them as targets already).
    @Test func corpusAsFixedTargets() throws {
        var base = try V.set("")
        base.site.hosts = LocationScannerTests.site.hosts
        for (file, flagged) in [("attacks.txt", true), ("locals.txt", false)] {
            for p in try LocationScannerTests.corpus(file) {
                var set = base
                set.rules = [Rule(id: "t", source: try Source.parse("/t"), target: Target(parts: [.literal(p)], text: p), code: .found)]
                set.lines = [1]
                let f = Validator(checks: [OpenRedirectCheck(), DangerousSchemeCheck()], now: V.now).validate(set)
                #expect(f.isEmpty != flagged, "\(file): \(p.debugEscaped)")
            }
        }
    }
}

@Suite struct DT001LargeCaptureTests {
    @Test func captureTooLargeForAnAutomatonIsJudgedByItsBytes() throws {
        let both = Validator(checks: [OpenRedirectCheck(), DangerousSchemeCheck()], now: V.now)
        // Any bytes: both an off-site host and a script scheme.
        #expect(
            both.validate(
                try V.set(
                    """
                      - id: huge
                        source: ~^/r/((.{1,1000}){1,1000})$
                        target: $1
                        code: 302
                    """)
            ).map(\.check) == ["DT001", "DT002"])
        #expect(
            both.validate(
                try V.set(
                    """
                      - id: huge-safe
                        source: ~^/r/(([a-z]{1,1000}){1,1000})$
                        target: /$1
                        code: 302
                    """)
            ).isEmpty)
    }
}
