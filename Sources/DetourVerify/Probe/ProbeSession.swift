import DetourCore
import Foundation

/// Sends requests of one run to the endpoint: paced by the rate limit, retried when no HTTP
/// answer came, counted. Shared by the worker threads.
final class ProbeSession: @unchecked Sendable {
    let addresses: [ResolvedAddress]
    let tls: ProbeTLS?
    let pacer: ProbePacer
    let options: ProbeOptions
    let bindLoopbackSource: Bool
    private let lock = NSLock()
    private var sent = 0

    init(addresses: [ResolvedAddress], tls: ProbeTLS?, pacer: ProbePacer, options: ProbeOptions, bindLoopbackSource: Bool) {
        self.addresses = addresses
        self.tls = tls
        self.pacer = pacer
        self.options = options
        self.bindLoopbackSource = bindLoopbackSource
    }

    var sentCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return sent
    }

    /// Sends `request` until it gets an HTTP answer or the retries are used up.
    func send(_ request: HTTPRequest) -> (ProbeObservation, attempts: Int) {
        var reason = ""
        for attempt in 0...max(0, options.retries) {
            // A short, growing pause before a retry: a deployment that dropped a connection under
            // load gets a moment.
            if attempt > 0 { usleep(UInt32(min(attempt, 5)) * 200_000) }
            pacer.waitTurn()
            lock.lock()
            sent += 1
            lock.unlock()
            do {
                let r = try ProbeConnection.send(
                    request, to: addresses, tls: tls, bindLoopbackSource: bindLoopbackSource, timeoutSeconds: options.timeoutSeconds)
                return (.answered(status: r.status, location: r.location, cacheControl: r.cacheControl), attempt + 1)
            } catch let e as ProbeTransportError where e.description.hasPrefix("certificate not accepted") {
                // Retrying cannot change a certificate.
                return (.unreachable(e.description), attempt + 1)
            } catch {
                reason = "\(error)"
            }
        }
        return (.unreachable(reason), max(0, options.retries) + 1)
    }

    /// One probe: the simulated answer, the deployment's, and their comparison.
    func answer(_ probe: VerifyRequests.Probe, simulator: Simulator) -> ProbeAnswer {
        let request = probe.request
        let sim = simulator.respond(to: request)
        let expected = ExpectedResponse(status: sim.status?.rawValue, location: sim.location, cacheControl: sim.cacheControl, ruleID: sim.ruleID)
        let (observed, attempts) = send(request)
        var disagreement: VerifyDisagreement? = nil
        if case .answered(let status, let location, let cacheControl) = observed {
            disagreement = VerifyComparison.compare(
                request: request, purpose: probe.purpose, expected: expected, status: status, location: location, cacheControl: cacheControl)
        }
        return ProbeAnswer(
            request: request, purpose: probe.purpose, ruleID: probe.ruleID ?? sim.ruleID, expected: expected, observed: observed,
            attempts: attempts, disagreement: disagreement)
    }

    /// Follows the redirect the deployment answered to `first` while it stays on the site and on
    /// the endpoint's scheme (probe talks to the endpoint only, never to another host).
    func follow(_ first: ProbeAnswer, location: String, simulator: Simulator, endpoint: ProbeEndpoint) -> ProbeChain {
        var hops = [
            ProbeChain.Hop(method: first.request.method, url: first.request.url, status: first.observed.status, location: location, error: nil)
        ]
        var current = first.request
        var currentStatus = first.observed.status ?? 0
        var nextLocation = location
        var seen: Set<String> = [current.method + " " + current.url]
        var problems: [ProbeChain.Problem] = []
        var note: String? = nil
        while true {
            let absolute = VerifyComparison.absolute(nextLocation, against: current)
            guard let parsed = HTTPRequest.parseURL(absolute, defaultScheme: current.scheme, defaultHost: current.host) else {
                note = "not followed: '\(absolute)' is not an http(s) URL"
                break
            }
            if !simulator.isSiteHost(parsed.host, initialHost: first.request.host) {
                problems.append(.offSite)
                break
            }
            if parsed.scheme != endpoint.scheme {
                note = "not followed: the next hop is \(parsed.scheme) and \(endpoint) speaks \(endpoint.scheme)"
                break
            }
            // What a browser does: 307 and 308 keep the method, the others become GET.
            let method = [307, 308].contains(currentStatus) ? current.method : "GET"
            var next = HTTPRequest(
                method: method, scheme: parsed.scheme, host: parsed.host, port: parsed.port, path: parsed.path, query: parsed.query,
                headers: current.headers.filter { $0.name.lowercased() == "cookie" }, clientAddress: current.clientAddress, time: current.time)
            if let header = simulator.ruleSet.site.schemeHeader, endpoint.scheme == "http" { next.headers.append(.init(header, next.scheme)) }
            guard seen.insert(next.method + " " + next.url).inserted else {
                problems.append(.loop)
                break
            }
            guard hops.count <= options.maxHops else {
                problems.append(.tooManyHops)
                break
            }
            let (observed, _) = send(next)
            switch observed {
            case .unreachable(let reason):
                hops.append(.init(method: next.method, url: next.url, status: nil, location: nil, error: reason))
            case .answered(let status, let location, _):
                hops.append(.init(method: next.method, url: next.url, status: status, location: location, error: nil))
                if VerifyComparison.redirectStatuses.contains(status), let location {
                    current = next
                    currentStatus = status
                    nextLocation = location
                    continue
                }
                if status >= 400 { problems.append(.endsInError) }
            }
            break
        }
        let redirects = hops.filter { $0.status.map(VerifyComparison.redirectStatuses.contains) ?? false }.count
        if redirects > 1 { problems.append(.multipleHops) }
        return ProbeChain(ruleID: first.ruleID, hops: hops, problems: problems, note: note)
    }
}
