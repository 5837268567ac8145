import ArgumentParser
import DetourCore

/// `detour simulate FILE METHOD URL`: what one request does, hop by hop (DESIGN §6.1).
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Show what a request does: the rule that fires, status, Location, Cache-Control, and what the client does next, hop by hop.",
        discussion: """
            The trace stops at a response that is not a redirect (outcome origin), at a host that is not \
            one of the site's (external, reported but not followed), at the first repeated method and URL \
            (loop), or when the client's redirect limit is exceeded (limit). URL may be a path; it then \
            goes to the site's primary host and scheme.

            A request served by the origin lists the rules whose source fits its path and why each did not \
            apply (outside a rollout, with the client's bucket; outside the time window; method, host or \
            condition not met). --explain lists every rule considered on every hop.

            A rule's scheme (`scheme: http`, or a source URL like http://example.com/*) is matched against \
            the URL's scheme, or the site's `scheme_header` when the request carries it (-H \
            'X-Forwarded-Proto: https'); --as varnish sees every connection as http. Headers a proxy sets \
            (X-Forwarded-*, Forwarded, X-Real-IP) are not sent again on the next hop.

            Without --as, the site's first `exports` entry decides how paths are seen and which rollout \
            hash applies; with none, Detour's own semantics and nginx's hash. --as detour forces them.

            Exit status: 0 when the trace ends at the origin, 1 when it ends in a loop, at the client's \
            redirect limit or at a host that is neither the site's nor in site.allow (external), 2 when the \
            file cannot be loaded.

            Examples:
              detour simulate examples/api-migration.yaml POST /api/v1/orders --cookie uid=u10
              detour simulate examples/operations.yaml POST /checkout/pay --at 2036-12-06T03:00:00Z
              detour simulate redirects.yaml GET /old -H 'X-Country: FR' --client curl --as haproxy
              detour simulate redirects.yaml GET https://www.example.com/a --format json
              detour simulate examples/operations.yaml GET /app/dashboard --explain
              detour simulate examples/api-migration.yaml GET http://www.example.com/pricing
            """
    )

    enum Format: String, ExpressibleByArgument { case text, json }

    @Argument(help: "The rule file (.yaml or .csv).") var file: String
    @Argument(help: "The request method (GET, POST, …).") var method: String
    @Argument(help: "An absolute http(s) URL or a path.") var url: String
    @Option(name: [.customShort("H"), .customLong("header")], help: "A request header, 'Name: value' (repeatable).") var headers: [String] = []
    @Option(name: .customLong("cookie"), help: "A cookie, name=value (repeatable).") var cookies: [String] = []
    @Option(help: "The client address (rollouts by ip).") var ip: String = "127.0.0.1"
    @Option(help: "The time of the request, RFC 3339 (default: now).") var at: String?
    @Option(
        name: .customLong("as"),
        help: "Simulate as: detour, or \(ServerTargets.names) running `detour export` of this file (what `detour verify` proves).") var server:
        String?
    @Option(help: "How redirects are followed: browser, curl, go, python, node.") var client: String = "browser"
    @Option(help: "text or json.") var format: Format = .text
    @Flag(help: "List every rule considered on every hop, with why it did or did not apply.") var explain = false

    func validate() throws {
        if let server, ServerView.named(server) == nil {
            throw ValidationError("unknown server '\(server)' for --as (use detour, \(ServerTargets.names))")
        }
        if Clients.named(client) == nil {
            throw ValidationError("unknown client '\(client)' (use \(Clients.names.joined(separator: ", ")))")
        }
        if let at, Timestamp(rfc3339: at) == nil {
            throw ValidationError("--at '\(at)' is not an RFC 3339 time like 2026-12-31T00:00:00Z")
        }
        for h in headers where HeaderArgument.parse(h) == nil {
            throw ValidationError("-H '\(h)' is not 'Name: value'")
        }
        for c in cookies where !c.contains("=") || c.hasPrefix("=") {
            throw ValidationError("--cookie '\(c)' is not name=value")
        }
    }

    func run() throws {
        let doc = try CLI.load(file)
        let site = doc.ruleSet.site
        guard let parsed = HTTPRequest.parseURL(url, defaultScheme: site.scheme, defaultHost: site.primaryHost) else {
            CLI.printError("\(url): not an http(s) URL or a path starting with '/'")
            throw CLI.unreadable
        }
        var fields = headers.compactMap(HeaderArgument.parse)
        if !cookies.isEmpty { fields.append(.init("Cookie", cookies.joined(separator: "; "))) }
        let request = HTTPRequest(
            method: method.uppercased(), scheme: parsed.scheme, host: parsed.host, port: parsed.port,
            path: parsed.path, query: parsed.query, headers: fields, clientAddress: ip,
            time: at.flatMap { Timestamp(rfc3339: $0) } ?? Timestamp.now())
        let model = Clients.named(client)!
        let simulator = Simulator(ruleSet: CLI.usableRules(doc), view: server.flatMap(ServerView.named), client: model)
        let trace = simulator.trace(request)
        let considered = simulator.considerations(for: trace)
        switch format {
        case .text:
            print(
                TraceReport.text(
                    trace, file: file, view: simulator.view, client: model, color: CLI.useColor, considerations: considered, explain: explain),
                terminator: "")
        case .json: print(TraceReport.json(trace, view: simulator.view, client: model, considerations: considered, explain: explain))
        }
        // A loop, the redirect limit or a host the site neither serves nor allows is a finding, as
        // for `check` (a host in site.allow is a deliberate destination): scripts can tell.
        if trace.outcome == .loop || trace.outcome == .limit || trace.leavesForUntrustedHost(doc.ruleSet.site) {
            throw CLI.findings
        }
    }
}

/// `-H 'Name: value'`.
enum HeaderArgument {
    static func parse(_ text: String) -> HTTPRequest.HeaderField? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let name = text[..<colon].trimmingCharacters()
        guard !name.isEmpty, !name.contains(" ") else { return nil }
        return .init(String(name), String(text[text.index(after: colon)...].trimmingCharacters()))
    }
}

extension Substring {
    func trimmingCharacters() -> Substring {
        var s = self
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return s
    }
}
