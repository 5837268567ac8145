import Testing

@testable import DetourCore

/// IRIs in rules (`/café`, `https://bücher.example/`): accepted as typed, sent as browsers send
/// them (UTF-8 percent-encoding, IDNA hosts), matched as the servers match.
struct IRITests {
    static let now = Timestamp(rfc3339: "2026-11-25T00:00:00Z")!

    @Test func punycodeEncodesTheRFC3492Samples() {
        // RFC 3492 §7.1 (A) Arabic (Egyptian) and (B) Chinese (simplified).
        let arabic: [UInt32] = [
            0x0644, 0x064A, 0x0647, 0x0645, 0x0627, 0x0628, 0x062A, 0x0643, 0x0644, 0x0645, 0x0648, 0x0634, 0x0639, 0x0631, 0x0628, 0x064A, 0x061F
        ]
        #expect(Punycode.encode(arabic.map { Unicode.Scalar($0)! }) == "egbpdaj6bu4bxfgehfvwxn")
        let chinese: [UInt32] = [0x4ED6, 0x4EEC, 0x4E3A, 0x4EC0, 0x4E48, 0x4E0D, 0x8BF4, 0x4E2D, 0x6587]
        #expect(Punycode.encode(chinese.map { Unicode.Scalar($0)! }) == "ihqwcrb4cv8a8dqg056pqjye")
        #expect(Punycode.encode(Array("ü".unicodeScalars)) == "tda")
        #expect(Punycode.encode(Array("abcé".unicodeScalars)) == "abc-dma")
    }

    @Test func hostsAreWrittenInASCIIAsBrowsersDo() {
        // Expected values from Python's idna package (UTS #46).
        #expect(Punycode.toASCII(host: "bücher.example") == "xn--bcher-kva.example")
        #expect(Punycode.toASCII(host: "Bücher.Example") == "xn--bcher-kva.example")
        #expect(Punycode.toASCII(host: "münchen.de") == "xn--mnchen-3ya.de")
        #expect(Punycode.toASCII(host: "例え.テスト") == "xn--r8jz45g.xn--zckzah")
        #expect(Punycode.toASCII(host: "ドメイン名例.jp") == "xn--eckwd4c7cu47r2wf.jp")
        #expect(Punycode.toASCII(host: "straße.de") == "xn--strae-oqa.de")
        // Ideographic full stop separates labels too.
        #expect(Punycode.toASCII(host: "café\u{3002}fr") == "xn--caf-dma.fr")
        #expect(Punycode.toASCII(host: "bad host.example") == nil)
        #expect(Punycode.toASCII(host: "ex/ämple") == nil)
    }

    @Test func anIRIBecomesTheURIBrowsersSend() {
        #expect(IRI.uri("/café") == "/caf%C3%A9")
        #expect(IRI.uri("/caf%C3%A9") == "/caf%C3%A9")
        #expect(IRI.uri("https://bücher.example/") == "https://xn--bcher-kva.example/")
        #expect(IRI.uri("https://bücher.example:8443/straße?q=ü#frag") == "https://xn--bcher-kva.example:8443/stra%C3%9Fe?q=%C3%BC#frag")
        #expect(IRI.uri("/new/$1?x=é") == "/new/$1?x=%C3%A9")
        #expect(IRI.uri("https://example.com/a") == "https://example.com/a")
    }

    @Test func iriTargetsParseAndAreNoLongerFindings() throws {
        let set = try TestSupport.yaml(
            """
            site:
              hosts: [example.com]
              allow: [xn--bcher-kva.example]
            rules:
              - id: cafe
                source: /coffee
                target: /café
                code: 301
              - id: books
                source: /books
                target: https://bücher.example/
                code: 301

            """
        ).ruleSet
        #expect(set.rules.map(\.isInvalid) == [false, false])
        #expect(set.rules[1].target.text == "https://bücher.example/")
        let findings = Validator(now: Self.now).validate(set)
        #expect(!findings.contains { $0.check == "DT070" })
        // The IDN host is the allowed `xn--` host: no open redirect.
        #expect(!findings.contains { $0.check == "DT001" })
    }

    @Test func simulateSendsTheEncodedLocationAndMatchesEncodedRequests() throws {
        let set = try TestSupport.yaml(
            """
            site:
              hosts: [example.com]
              allow: [xn--bcher-kva.example]
            rules:
              - id: cafe
                source: /coffee
                target: /café
                code: 301
              - id: menu
                source: /café/menu
                target: /carte/crème-brûlée
                code: 302
              - id: books
                source: /bücher/*
                target: https://bücher.example/*
                code: 308

            """
        ).ruleSet
        let simulator = Simulator(ruleSet: set)
        func location(_ path: String) -> String? {
            simulator.respond(to: HTTPRequest(method: "GET", scheme: "https", host: "example.com", path: path, time: Self.now)).location
        }
        #expect(location("/coffee") == "https://example.com/caf%C3%A9")
        // A browser sends `/café/menu` percent-encoded; the source written in Unicode matches it.
        #expect(location("/caf%C3%A9/menu") == "https://example.com/carte/cr%C3%A8me-br%C3%BBl%C3%A9e")
        #expect(location("/caf%c3%a9/menu") == "https://example.com/carte/cr%C3%A8me-br%C3%BBl%C3%A9e")
        #expect(location("/b%C3%BCcher/x") == "https://xn--bcher-kva.example/x")
    }

    @Test func exportsWriteTheEncodedForms() throws {
        let set = try TestSupport.yaml(
            """
            site:
              hosts: [example.com]
            rules:
              - id: cafe
                source: /coffee
                target: /café
                code: 301
              - id: books
                source: /books
                target: https://bücher.example/
                code: 301

            """
        ).ruleSet
        var options = ExportOptions(directory: TestSupport.tempDir(), sourceFile: "r.yaml")
        options.now = Self.now
        for server in ServerTargets.all {
            let out = try server.exporter.export(set, options: options)
            let text = out.files.map(\.contents).joined()
            #expect(!text.contains("café") && !text.contains("bücher"), "\(server.name) wrote raw non-ASCII")
            // lighttpd's Lua strings write '%' as \037.
            #expect(text.contains("caf%C3%A9") || text.contains("caf\\037C3\\037A9"), "\(server.name): \(text)")
            #expect(text.contains("xn--bcher-kva.example"), "\(server.name)")
        }
    }

    @Test func aRegexSourceWithNonASCIIIsADT070Finding() throws {
        let set = try TestSupport.yaml("rules:\n  - id: re\n    source: ~^/café/(\\d+)$\n    target: /c/$1\n    code: 301\n").ruleSet
        let f = Validator(checks: [InvalidFieldCheck()], now: Self.now).validate(set)
        #expect(f.count == 1 && f.first?.field == .source)
        #expect(f.first?.message.contains("'é'") == true && f.first?.message.contains("%C3%A9") == true)
        let encoded = try TestSupport.yaml("rules:\n  - id: re\n    source: ~^/caf%C3%A9/(\\d+)$\n    target: /c/$1\n    code: 301\n").ruleSet
        #expect(Validator(checks: [InvalidFieldCheck()], now: Self.now).validate(encoded).isEmpty)
    }

    @Test func hostsWrittenInUnicodeMatchTheASCIINameRequestsCarry() throws {
        let set = try TestSupport.yaml(
            """
            site:
              hosts: [münchen.example]
              allow: [bücher.example]
            rules:
              - id: books
                source: /books
                target: https://bücher.example/
                code: 301
              - id: shop
                host: "*.münchen.example"
                source: /shop
                target: /laden
                code: 302

            """
        ).ruleSet
        #expect(set.site.hosts == [.exact("xn--mnchen-3ya.example")])
        #expect(set.rules[1].host == .suffix("xn--mnchen-3ya.example"))
        // The allowed host written in Unicode is the target's host: no open redirect.
        #expect(!Validator(now: Self.now).validate(set).contains { $0.check == "DT001" })
        let simulator = Simulator(ruleSet: set)
        let shop = simulator.respond(to: HTTPRequest(method: "GET", scheme: "https", host: "a.xn--mnchen-3ya.example", path: "/shop", time: Self.now))
        #expect(shop.location == "https://a.xn--mnchen-3ya.example/laden")
    }
}
