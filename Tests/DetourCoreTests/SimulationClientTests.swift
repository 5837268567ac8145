import Testing

@testable import DetourCore

/// The client models against `reference/client-behavior.md` §1–3 (measured behaviour).
@Suite struct SimulationClientTests {
    typealias Row = (method: String, code: StatusCode, browser: String, curl: String, python: String, go: String)

    /// §1's table: "GET-" means GET without body, "PUT+" the method with its body, "PUT-" without.
    static let table: [Row] = [
        ("POST", .movedPermanently, "GET-", "GET-", "GET-", "GET-"),
        ("POST", .found, "GET-", "GET-", "GET-", "GET-"),
        ("POST", .seeOther, "GET-", "GET-", "GET-", "GET-"),
        ("POST", .temporaryRedirect, "POST+", "POST+", "POST+", "POST+"),
        ("POST", .permanentRedirect, "POST+", "POST+", "POST+", "POST+"),
        ("PUT", .movedPermanently, "PUT+", "PUT-", "PUT-", "GET-"),
        ("PUT", .found, "PUT+", "PUT-", "GET-", "GET-"),
        ("PUT", .seeOther, "GET-", "PUT-", "GET-", "GET-"),
        ("PUT", .temporaryRedirect, "PUT+", "PUT+", "PUT+", "PUT+"),
        ("DELETE", .found, "DELETE+", "DELETE-", "GET-", "GET-"),
        ("DELETE", .seeOther, "GET-", "DELETE-", "GET-", "GET-"),
        ("HEAD", .seeOther, "HEAD+", "HEAD+", "HEAD-", "HEAD+"),
        ("HEAD", .found, "HEAD+", "HEAD+", "HEAD-", "HEAD+")
    ]

    static func outcome(_ c: any ClientModel, _ method: String, _ code: StatusCode) -> String {
        let (m, body) = c.next(method: method, after: code)
        return m + (body ? "+" : "-")
    }

    @Test func methodAndBodyAfterEachStatus() {
        for row in Self.table {
            #expect(Self.outcome(BrowserClient(), row.method, row.code) == row.browser, "browser \(row.method) \(row.code.rawValue)")
            #expect(Self.outcome(NodeFetchClient(), row.method, row.code) == row.browser, "node \(row.method) \(row.code.rawValue)")
            #expect(Self.outcome(CurlClient(), row.method, row.code) == row.curl, "curl \(row.method) \(row.code.rawValue)")
            #expect(Self.outcome(GoClient(), row.method, row.code) == row.go, "go \(row.method) \(row.code.rawValue)")
            // requests purges the body on every code but 307/308; a HEAD has none to lose.
            let python = Self.outcome(PythonRequestsClient(), row.method, row.code)
            #expect(
                python.dropLast() == row.python.dropLast() && (row.method == "HEAD" || python == row.python),
                "python \(row.method) \(row.code.rawValue)")
        }
    }

    @Test func hopLimits() {
        #expect(BrowserClient().maxRedirects == 20)
        #expect(NodeFetchClient().maxRedirects == 20)
        #expect(CurlClient().maxRedirects == 50)
        #expect(PythonRequestsClient().maxRedirects == 30)
        #expect(GoClient().maxRedirects == 9)
    }

    static let headers: [HTTPRequest.HeaderField] = [.init("Authorization", "Basic x"), .init("Cookie", "c=1"), .init("Content-Type", "text/plain")]
    static func r(_ url: String) -> HTTPRequest {
        let p = HTTPRequest.parseURL(url, defaultHost: "example.com")!
        return HTTPRequest(method: "GET", scheme: p.scheme, host: p.host, port: p.port, path: p.path)
    }

    @Test func headersDroppedAcrossOrigins() {
        let same = (Self.r("https://example.com/a"), Self.r("https://example.com/b"))
        let sub = (Self.r("https://example.com/a"), Self.r("https://www.example.com/b"))
        let up = (Self.r("http://example.com/a"), Self.r("https://example.com/b"))
        func dropped(_ c: any ClientModel, _ pair: (HTTPRequest, HTTPRequest), body: Bool = false) -> Set<String> {
            Set(c.droppedHeaders(Self.headers, from: pair.0, to: pair.1, bodyDropped: body))
        }
        #expect(dropped(BrowserClient(), same).isEmpty)
        #expect(dropped(BrowserClient(), sub) == ["Authorization", "Cookie"])
        #expect(dropped(BrowserClient(), up) == ["Authorization"])
        #expect(dropped(BrowserClient(), same, body: true) == ["Content-Type"])
        #expect(dropped(NodeFetchClient(), up) == ["Authorization", "Cookie"])
        #expect(dropped(CurlClient(), same).isEmpty)
        #expect(dropped(CurlClient(), sub) == ["Authorization", "Cookie"])
        #expect(dropped(PythonRequestsClient(), same) == ["Cookie"], "an explicit Cookie header is dropped on every hop")
        #expect(dropped(PythonRequestsClient(), up) == ["Cookie"], "http→https on default ports keeps Authorization")
        #expect(dropped(PythonRequestsClient(), sub) == ["Authorization", "Cookie"])
        #expect(dropped(GoClient(), sub).isEmpty, "a subdomain keeps them")
        #expect(dropped(GoClient(), (sub.1, sub.0)) == ["Authorization", "Cookie"])
        #expect(dropped(GoClient(), same, body: true).isEmpty, "Go keeps Content-Type after POST→GET")
    }

    @Test func traceDropsHeadersOnTheHopItself() throws {
        let set = try TestSupport.yaml(
            """
            site: {hosts: [example.com, www.example.com]}
            rules:
              - {id: to-www, host: example.com, source: /a, target: "https://www.example.com/a", code: 307}
            """
        ).ruleSet
        let request = HTTPRequest(method: "POST", host: "example.com", path: "/a", headers: Self.headers)
        let trace = Simulator(ruleSet: set, view: .detour, client: BrowserClient()).trace(request)
        #expect(trace.outcome == .origin)
        #expect(trace.hops.first?.next?.droppedHeaders == ["Authorization", "Cookie"])
        #expect(trace.hops.last?.request.headers.map(\.name) == ["Content-Type"])
        #expect(trace.hops.first?.next?.bodyKept == true)
    }
}

/// Every `examples:` entry of the shipped example files is what the simulator answers (the same
/// promise `check` enforces as DT090).
@Suite struct SimulationExampleFileTests {
    @Test(arguments: ["api-migration.yaml", "operations.yaml"])
    func examplesHold(file: String) throws {
        let set = try RuleFileDocument.load(path: TestSupport.example(file)).ruleSet
        let simulator = Simulator(ruleSet: set)
        var checked = 0
        for rule in set.rules {
            for example in rule.examples {
                let url = HTTPRequest.parseURL(example.url, defaultScheme: set.site.scheme, defaultHost: set.site.primaryHost)!
                // Examples describe the rule's own window: ask inside it.
                let time = rule.starts ?? rule.expires.map { Timestamp(secondsSinceEpoch: $0.secondsSinceEpoch - 1) } ?? Timestamp.now()
                let request = HTTPRequest(
                    method: example.method, scheme: url.scheme, host: url.host, port: url.port, path: url.path,
                    query: url.query, headers: example.headers.map { .init($0.0, $0.1) }, time: time)
                let response = simulator.respond(to: request)
                switch example.expect {
                case .origin: #expect(!response.isRedirect, "\(file) \(rule.id): \(example.requestText)")
                case .redirect(let code, let location):
                    #expect(
                        response.status == code && response.location == location,
                        "\(file) \(rule.id): \(example.requestText) gave \(response.status?.rawValue ?? 0) \(response.location ?? "origin")")
                }
                checked += 1
            }
        }
        #expect(checked > 0)
    }
}
