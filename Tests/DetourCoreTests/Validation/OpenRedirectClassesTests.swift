import Testing

@testable import DetourCore

/// Issue #14 items 1 and 7: every exploit class a target can reach is reported with its own witness,
/// and witnesses show the attack rather than the shortest string that happens to leave the site.
@Suite struct OpenRedirectClassesTests {
    let both = Validator(checks: [OpenRedirectCheck(), DangerousSchemeCheck()], now: V.now)

    /// The Location the witness request really gets, evaluated rule by rule.
    func location(_ set: RuleSet, _ finding: Finding) throws -> String {
        let w = try #require(finding.witness.first, "no witness for \(finding.check)")
        return try #require(FirstMatchEvaluator(set).evaluate(w)).location
    }

    @Test func bareCaptureOfAnythingIsBothOffSiteAndScript() throws {
        let set = try V.set(
            """
              - id: r
                source: ~^/r/(.*)$
                target: $1
                code: 302
            """)
        let f = both.validate(set)
        #expect(f.map(\.check).sorted() == ["DT001", "DT002"])
        let trusted = TrustedHosts(site: set.site)
        let offSite = try #require(f.first { $0.check == "DT001" })
        let script = try #require(f.first { $0.check == "DT002" })
        #expect(LocationScanner.judge(Array(try location(set, offSite).utf8), trusted: trusted) == .offSite)
        guard case .dangerousScheme = LocationScanner.judge(Array(try location(set, script).utf8), trusted: trusted) else {
            Issue.record("DT002 witness does not produce a script URL: \(try location(set, script))")
            return
        }
        #expect(offSite.message.contains("//evil.example"))
        #expect(script.message.contains("javascript:"))
    }

    @Test func captureThatCannotMakeASchemeIsOnlyOffSite() throws {
        // No ':' can be captured, so no scheme: DT001 only.
        let f = both.validate(
            try V.set(
                """
                  - id: r
                    source: ~^/r/([a-z/.@]*)$
                    target: $1
                    code: 302
                """))
        #expect(f.map(\.check) == ["DT001"])
    }

    @Test func hostSuffixWitnessUsesUserinfo() throws {
        let set = try V.set(
            """
              - id: n
                source: ~^/n/(.*)$
                target: https://example.com$1
                code: 302
            """)
        let f = both.validate(set).filter { $0.check == "DT001" }
        #expect(f.count == 1)
        #expect(f[0].message.contains("can produce https://example.com@evil.example,"))
        #expect(try location(set, f[0]).hasPrefix("https://evil.example/"))
    }

    @Test func pathCaptureWitnessUsesProtocolRelativeHost() throws {
        let set = try V.set(
            """
              - id: p
                source: ~^/p/(.*)$
                target: /$1
                code: 302
            """)
        let f = both.validate(set)
        #expect(f.map(\.check) == ["DT001"])
        #expect(f[0].message.contains("//evil.example"))
        #expect(try location(set, f[0]).hasPrefix("https://evil.example"))
    }

    @Test func backslashWitnessWhenSlashCannotBeCaptured() throws {
        let set = try V.set(
            """
              - id: b
                source: ~^/b/([a-z.\\\\]+)$
                target: /$1
                code: 302
            """)
        let f = both.validate(set)
        #expect(f.map(\.check) == ["DT001"])
        #expect(f[0].message.contains("/\\evil.example"))
    }

    @Test func dotSuffixWitnessWhenOnlyLabelsFit() throws {
        let set = try V.set(
            """
              - id: d
                source: ~^/d/([a-z.]+)$
                target: https://example.com$1/
                code: 302
            """)
        let f = both.validate(set)
        #expect(f.map(\.check) == ["DT001"])
        #expect(f[0].message.contains("https://example.com.evil.example/"))
    }
}
