/// The dry-run simulator (DESIGN §6): answers a request the way the rule file — through a given
/// server's eyes — would, and follows redirects the way a given client does.
///
/// ```swift
/// let sim = Simulator(ruleSet: doc.ruleSet, view: .of(.nginx), client: CurlClient())
/// let response = sim.respond(to: request)          // one hop: status, Location, Cache-Control, rule
/// let trace = sim.trace(request, hasBody: true)    // every hop until origin, external, loop or limit
/// ```
/// Building a simulator indexes the rules once (see `RuleMatcher`); both calls are then cheap and
/// may run concurrently.
public struct Simulator: Sendable {
    public let ruleSet: RuleSet
    public let view: ServerView
    public let client: any ClientModel
    public let matcher: RuleMatcher

    /// `view` nil: the site's default (its first `exports` entry, else Detour's semantics).
    public init(ruleSet: RuleSet, view: ServerView? = nil, client: any ClientModel = BrowserClient()) {
        let view = view ?? ServerView.defaultView(for: ruleSet.site)
        self.ruleSet = ruleSet
        self.view = view
        self.client = client
        // Detour's own view is `PathSemantics.detour` once the site is honoured; a view without a
        // server kind (an import proof's observed Traefik) brings its own path handling the same way.
        let semantics = view.path.honouring(ruleSet.site)
        matcher = RuleMatcher(ruleSet: ruleSet, semantics: semantics, rollout: view.rollout, connectionScheme: view.connectionScheme)
    }

    /// The same rules and view with another client, without re-indexing.
    public func with(client: any ClientModel) -> Simulator { Simulator(self, client: client) }

    private init(_ other: Simulator, client: any ClientModel) {
        ruleSet = other.ruleSet
        view = other.view
        matcher = other.matcher
        self.client = client
    }

    /// One hop: the response to `request`.
    public func respond(to request: HTTPRequest) -> SimulatedResponse {
        guard let match = matcher.firstMatch(request) else { return .origin }
        // Read the rule in place: copying a `Rule` costs more than the whole lookup.
        return ruleSet.rules.withUnsafeBufferPointer { rules in
            let filled = LocationBuilder.filledTarget(rules[match.ruleIndex], captures: match.captures, request: request)
            let code = view.answeredStatus?(rules[match.ruleIndex], request.method) ?? rules[match.ruleIndex].code
            return response(
                code: code, cache: rules[match.ruleIndex].cache, id: rules[match.ruleIndex].id,
                index: match.ruleIndex, filled: filled, request: request)
        }
    }

    private func response(code: StatusCode, cache policy: CachePolicy, id: String, index: Int, filled: String, request: HTTPRequest)
        -> SimulatedResponse
    {
        let absolute = LocationBuilder.resolve(filled, against: request)
        let header: String
        switch view.locationForm {
        case .absolute: header = absolute
        case .asWritten: header = filled
        case .absoluteWithListenPort(let port):
            if Target.schemeOf(filled) != nil || filled.hasPrefix("//") {
                header = absolute
            } else {
                var r = request
                if let port { r.port = port }
                header = LocationBuilder.resolve(filled, against: r)
            }
        }
        var cache = policy.headerValue
        if cache == nil && view.addsNoCacheToTemporaryRedirects && [.found, .seeOther, .temporaryRedirect].contains(code) {
            cache = "no-cache"
        }
        let line = index < ruleSet.lines.count ? ruleSet.lines[index] : 0
        return SimulatedResponse(
            status: code, location: absolute, locationHeader: header, cacheControl: cache,
            ruleIndex: index, ruleID: id, line: line)
    }

    /// Whether a host is the site's own (redirects there are followed).
    public func isSiteHost(_ host: String, initialHost: String) -> Bool {
        var h = host.lowercased()
        if h.hasSuffix(".") { h.removeLast() }
        return ruleSet.site.hosts.isEmpty ? h == initialHost : ruleSet.site.isSiteHost(h)
    }

    /// Follows `request` hop by hop until a response that is not a redirect (`origin`), a host that
    /// is not the site's (`external`, reported but not followed), the first repeated (method, URL)
    /// (`loop`), or one redirect more than the client follows (`limit`; also when the next URL is
    /// longer than `SimulationTrace.longestFollowedURL`, `stoppedGrowing`). `hasBody` nil: POST, PUT
    /// and PATCH carry a body.
    public func trace(_ request: HTTPRequest, hasBody: Bool? = nil) -> SimulationTrace {
        trace(request, hasBody: hasBody, firstResponse: nil)
    }

    /// `firstResponse`: the response to `request` when the caller already has it (replay).
    func trace(_ request: HTTPRequest, hasBody: Bool?, firstResponse: SimulatedResponse?) -> SimulationTrace {
        var pending = firstResponse
        var current = request
        var body = hasBody ?? ["POST", "PUT", "PATCH"].contains(request.method)
        var hops: [SimulationTrace.Hop] = []
        var seen: Set<String> = [request.method + " " + request.url]
        var redirects = 0
        while true {
            let response = pending ?? respond(to: current)
            pending = nil
            guard let status = response.status, let location = response.location else {
                hops.append(.init(request: current, hasBody: body, response: response, next: nil))
                return SimulationTrace(request: request, hops: hops, outcome: .origin, finalMethod: current.method, finalURL: current.url)
            }
            redirects += 1
            let (method, keepsBody) = client.next(method: current.method, after: status)
            let bodyDropped = body && !keepsBody
            guard let parsed = LocationURL.parse(location, defaultScheme: current.scheme, defaultHost: current.host) else {
                // Not an http(s) URL: no client follows it; it leaves the site.
                let step = SimulationTrace.ClientStep(
                    method: method, url: location, bodyKept: body && keepsBody, bodyDropped: bodyDropped, droppedHeaders: [])
                hops.append(.init(request: current, hasBody: body, response: response, next: step))
                return SimulationTrace(request: request, hops: hops, outcome: .external, finalMethod: method, finalURL: location)
            }
            var next = current
            next.method = method
            next.scheme = parsed.scheme
            next.host = parsed.host
            next.port = parsed.port
            next.path = parsed.path
            next.query = parsed.query
            // A proxy's headers (X-Forwarded-Proto …) came from the proxy, not the client: the next
            // request gets its own, which the simulation does not invent.
            var dropped = client.droppedHeaders(current.headers, from: current, to: next, bodyDropped: bodyDropped)
            if !current.headers.isEmpty {
                let already = Set(dropped.map { $0.lowercased() })
                dropped += Origin.present(Array(ruleSet.site.proxyHeaders), in: current.headers).filter { !already.contains($0.lowercased()) }
            }
            let droppedSet = Set(dropped.map { $0.lowercased() })
            next.headers = current.headers.filter { !droppedSet.contains($0.name.lowercased()) }
            let step = SimulationTrace.ClientStep(
                method: method, url: next.url, bodyKept: body && keepsBody, bodyDropped: bodyDropped, droppedHeaders: dropped)
            hops.append(.init(request: current, hasBody: body, response: response, next: step))
            if redirects > client.maxRedirects {
                return SimulationTrace(request: request, hops: hops, outcome: .limit, finalMethod: method, finalURL: next.url)
            }
            // A URL that grows on every hop (`~^/b/(.*)$` → `$1` doubles the path) never repeats,
            // so the client goes on until its limit; following it there would need gigabytes.
            if next.url.utf8.count > SimulationTrace.longestFollowedURL {
                var trace = SimulationTrace(request: request, hops: hops, outcome: .limit, finalMethod: method, finalURL: next.url)
                trace.stoppedGrowing = true
                return trace
            }
            if !isSiteHost(next.host, initialHost: request.host) {
                return SimulationTrace(request: request, hops: hops, outcome: .external, finalMethod: method, finalURL: next.url)
            }
            if !seen.insert(method + " " + next.url).inserted {
                return SimulationTrace(request: request, hops: hops, outcome: .loop, finalMethod: method, finalURL: next.url)
            }
            body = body && keepsBody
            current = next
        }
    }
}
