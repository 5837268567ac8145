import Testing

@testable import DetourCore

/// The WHATWG-style judgement of a `Location`, against the measured table of
/// `reference/client-behavior.md` §4 and the committed public payload corpus.
@Suite struct LocationScannerTests {
    static let site: SiteSettings = {
        var s = SiteSettings()
        s.hosts = ["example.com", "www.example.com", "whitelisteddomain.tld", "www.whitelisteddomain.tld"].compactMap { HostPattern(text: $0) }
        s.allow = ["api-v2.example.com", "*.cdn.example.net"].compactMap { HostPattern(text: $0) }
        return s
    }()
    static let trusted = TrustedHosts(site: site)

    static func corpus(_ name: String) throws -> [String] {
        let text = String(decoding: try AtomicFile.read(TestSupport.fixture("open-redirect/" + name)), as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init).filter { !$0.hasPrefix("# ") }.map { line in
            line.replacingAll("<TAB>", "\t").replacingAll("<LF>", "\n").replacingAll("<CR>", "\r").replacingAll("<NUL>", "\u{0}")
                .replacingAll("<SP>", " ").replacingAll("<ESC>", "\u{1b}")
        }
    }

    func judge(_ s: String) -> LocationScanner.Verdict { LocationScanner.judge(Array(s.utf8), trusted: Self.trusted) }

    @Test func corpusIsLargeEnough() throws {
        #expect(try Self.corpus("attacks.txt").count >= 150)
        #expect(try Self.corpus("locals.txt").count >= 40)
    }

    @Test func everyAttackIsFlagged() throws {
        for p in try Self.corpus("attacks.txt") {
            #expect(judge(p) != .local, "not flagged: \(p.debugEscaped)")
        }
    }

    @Test func noLocalIsFlagged() throws {
        for p in try Self.corpus("locals.txt") {
            #expect(judge(p) == .local, "flagged: \(p.debugEscaped)")
        }
    }

    @Test func measuredRowsOfTheClientTable() {
        #expect(judge("//evil.com") == .offSite)
        #expect(judge("/\\evil.com") == .offSite)
        #expect(judge("https:evil.com") == .offSite)  // off-site from an http page
        #expect(judge("/%2f%2fevil.com") == .local)
        #expect(judge("/..//evil.com") == .local)
        #expect(judge("javascript:alert(1)") == .dangerousScheme("javascript"))
        #expect(judge("https://evil.com@example.com/") == .local)
        #expect(judge("https://example.com\\@evil.com") == .offSite)  // curl and requests go to evil.com
    }

    @Test func sameSchemeWithoutSlashesIsRelativeOnlyForThatScheme() {
        var https = LocationScanner(baseIsHTTPS: true)
        for b in "https:evil.com".utf8 { https.feed(b, Self.trusted) }
        https.finish(Self.trusted)
        #expect(https.verdict == .local)
        var http = LocationScanner(baseIsHTTPS: false)
        for b in "https:evil.com".utf8 { http.feed(b, Self.trusted) }
        http.finish(Self.trusted)
        #expect(http.verdict == .offSite)
    }

    @Test func resolverAgreesWithBrowsersOnWhereLocalTargetsLand() {
        let r = LocationResolver.resolve("\\/www.example.com/a?b=1", scheme: "https", host: "example.com")
        #expect(r?.host == "www.example.com" && r?.path == "/a" && r?.query == "b=1")
        #expect(LocationResolver.resolve("/x/../y", scheme: "https", host: "example.com")?.path == "/y")
        #expect(LocationResolver.resolve("https:/z", scheme: "https", host: "example.com")?.path == "/z")
        #expect(LocationResolver.resolve("http:evil.com", scheme: "https", host: "example.com")?.host == "evil.com")
        #expect(LocationResolver.resolve("/<TAB>/evil.com".replacingAll("<TAB>", "\t"), scheme: "https", host: "example.com")?.host == "evil.com")
    }

    @Test func resolvedOffSiteHostIsAlwaysFlagged() throws {
        // Wherever the browser reading lands off the site, the scanner must say so.
        for p in try Self.corpus("attacks.txt") + Self.corpus("locals.txt") {
            for scheme in ["https", "http"] {
                if let r = LocationResolver.resolve(p, scheme: scheme, host: "example.com"), !Self.trusted.contains(r.host) {
                    #expect(judge(p) != .local, "resolver leaves the site but scanner does not: \(p.debugEscaped)")
                }
            }
        }
    }
}

extension String {
    func replacingAll(_ a: String, _ b: String) -> String {
        var out = ""
        var rest = Substring(self)
        while let r = rest.firstRange(of: a) {
            out += rest[..<r.lowerBound] + b
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
