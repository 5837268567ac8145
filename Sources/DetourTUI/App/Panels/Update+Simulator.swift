import DetourCore

// The simulator panel (`r`): build a request, trace it in the background, pick a hop to jump to
// its rule; replay a log file with progress; Esc cancels a running job.
extension Editor {
    static func openSimulator(_ s: inout AppState) {
        var sim = s.simulator
        // A fresh panel starts from the selected rule's source, so `r` on a row tries that rule.
        if sim.result == nil, sim.url.text == "/", let rule = s.selectedRule, case .exact(let path) = rule.source.kind {
            sim.url.setText(path)
        }
        sim.running = nil
        // Reopening starts on the URL, so enter runs the kept request again.
        if sim.focus == .trace { sim.focus = .url }
        s.mode = .simulator(sim)
    }

    /// Opens the simulator with `request` filled in and runs it (from a finding's witness).
    static func simulateWitness(_ request: HTTPRequest, _ s: inout AppState) -> [Effect] {
        var sim = s.simulator
        sim.method = SimulatorState.methods.firstIndex(of: request.method.uppercased()) ?? 0
        sim.url.setText(request.url)
        sim.headers.setText(request.headers.filter { $0.name.lowercased() != "cookie" }.map { "\($0.name): \($0.value)" }.joined(separator: " | "))
        sim.cookies.setText(request.header("Cookie") ?? "")
        sim.ip.setText(request.clientAddress)
        sim.time.setText(request.time.rfc3339)
        sim.focus = .trace
        sim.result = nil
        s.mode = .simulator(sim)
        return startSimulation(sim, &s)
    }

    static func simulatorKey(_ key: Key, _ sim: SimulatorState, _ s: inout AppState) -> [Effect] {
        var sim = sim
        let command = s.keymap.command(for: key, in: .simulator)
        // Text rows take characters and the editing keys first.
        if sim.focus.isText, var field = sim.text(sim.focus) {
            // Left, right and space mean choices on choice rows but edit text here.
            let editing = command == nil || command == .nextChoice || command == .previousChoice
            if editing, let c = s.keymap.command(for: key, in: .textField), field.apply(c) {
                sim.setText(sim.focus, field)
                sim.historyPosition = nil
                s.mode = .simulator(sim)
                return []
            }
            if editing, case .char(let c) = key {
                field.insert(String(c))
                sim.setText(sim.focus, field)
                sim.historyPosition = nil
                s.mode = .simulator(sim)
                return []
            }
        }
        guard let command else { return [] }
        var effects: [Effect] = []
        switch command {
        case .cancelJob:
            if let job = sim.running {
                sim.running = nil
                s.status = .info(job.kind == .replay ? "replay cancelled" : "simulation cancelled")
                effects = [.cancelJob(job.id)]
            } else {
                s.simulator = sim
                s.mode = .table
                return []
            }
        case .nextField: sim.focus = step(sim.focus, by: 1)
        case .previousField: sim.focus = step(sim.focus, by: -1)
        case .nextChoice, .previousChoice:
            let delta = command == .nextChoice ? 1 : -1
            switch sim.focus {
            case .method: sim.method = wrap(sim.method + delta, SimulatorState.methods.count)
            case .client: sim.client = wrap(sim.client + delta, SimulatorState.clients.count)
            case .server:
                // nil (the site's default) sits before the first server.
                let count = SimulatorState.servers.count + 1
                let position = wrap((sim.server.map { $0 + 1 } ?? 0) + delta, count)
                sim.server = position == 0 ? nil : position - 1
            default: break
            }
        case .historyBack, .historyForward:
            let back = command == .historyBack
            switch sim.focus {
            case .url:
                guard !s.urlHistory.isEmpty else {
                    s.status = .info("no URL history yet")
                    break
                }
                let last = s.urlHistory.count - 1
                let position = sim.historyPosition.map { back ? max(0, $0 - 1) : $0 + 1 } ?? (back ? last : last + 1)
                if position > last {
                    sim.historyPosition = nil
                } else {
                    sim.historyPosition = position
                    sim.url.setText(s.urlHistory[position])
                }
            case .trace:
                sim.selectedHop = max(0, sim.selectedHop + (back ? -1 : 1))
                clampHop(&sim)
            default:
                sim.focus = step(sim.focus, by: back ? -1 : 1)
            }
        case .runSimulation:
            if sim.focus == .trace, case .trace(let trace, _, _)? = sim.result {
                // Enter on a hop jumps to the rule that fired there.
                guard sim.selectedHop < trace.hops.count, let id = trace.hops[sim.selectedHop].response.ruleID else {
                    s.status = .info("no rule fired at this hop (served by origin)")
                    break
                }
                guard let i = s.rules.firstIndex(where: { $0.id == id }) else {
                    s.status = .error("rule \(id) is no longer in the file")
                    break
                }
                s.simulator = sim
                s.mode = .table
                if let f = s.filter, !f.isEmpty, !f.matches.contains(i) { s.filter = nil }
                select(rule: i, &s)
                s.status = .info("rule \(id), hop \(sim.selectedHop + 1) of the trace (r goes back)")
                return []
            }
            if sim.focus == .log { return startReplay(sim, &s) }
            return startSimulation(sim, &s)
        case .runReplay:
            return startReplay(sim, &s)
        default: break
        }
        s.mode = .simulator(sim)
        return effects
    }

    static func step(_ f: SimulatorState.Field, by delta: Int) -> SimulatorState.Field {
        let all = SimulatorState.Field.allCases
        return all[wrap(all.firstIndex(of: f)! + delta, all.count)]
    }

    static func wrap(_ i: Int, _ n: Int) -> Int { ((i % n) + n) % n }

    static func clampHop(_ sim: inout SimulatorState) {
        if case .trace(let t, _, _)? = sim.result { sim.selectedHop = max(0, min(sim.selectedHop, t.hops.count - 1)) }
        if case .replay? = sim.result { sim.selectedHop = max(0, sim.selectedHop) }
    }

    /// The request the panel describes, or the problem with it.
    static func request(from sim: SimulatorState, site: SiteSettings) -> Result<HTTPRequest, SimulatorInputError> {
        let urlText = sim.url.text.trimmedOfSpaces()
        guard let parsed = HTTPRequest.parseURL(urlText, defaultScheme: site.scheme, defaultHost: site.primaryHost) else {
            return .failure(.init("URL: '\(urlText)' is not an http(s) URL or a path starting with '/'"))
        }
        var fields: [HTTPRequest.HeaderField] = []
        for part in sim.headers.text.split(separator: "|") {
            let text = part.trimmedOfSpaces()
            guard !text.isEmpty else { continue }
            guard let colon = text.firstIndex(of: ":"), !text[..<colon].trimmedOfSpaces().isEmpty else {
                return .failure(.init("headers: '\(text)' is not 'Name: value' (separate headers with |)"))
            }
            fields.append(.init(text[..<colon].trimmedOfSpaces(), text[text.index(after: colon)...].trimmedOfSpaces()))
        }
        let cookies = sim.cookies.text.split(separator: ";").map { $0.trimmedOfSpaces() }.filter { !$0.isEmpty }
        for c in cookies where !c.contains("=") || c.hasPrefix("=") {
            return .failure(.init("cookies: '\(c)' is not name=value (separate cookies with ;)"))
        }
        if !cookies.isEmpty { fields.append(.init("Cookie", cookies.joined(separator: "; "))) }
        let timeText = sim.time.text.trimmedOfSpaces()
        var time = Timestamp.now()
        if !timeText.isEmpty {
            guard let t = Timestamp(rfc3339: timeText) else {
                return .failure(.init("time: '\(timeText)' is not RFC 3339 like 2026-12-31T00:00:00Z (empty: now)"))
            }
            time = t
        }
        let ip = sim.ip.text.trimmedOfSpaces()
        return .success(
            HTTPRequest(
                method: sim.methodName, scheme: parsed.scheme, host: parsed.host, port: parsed.port,
                path: parsed.path, query: parsed.query, headers: fields,
                clientAddress: ip.isEmpty ? "127.0.0.1" : ip, time: time))
    }

    static func startSimulation(_ sim: SimulatorState, _ s: inout AppState) -> [Effect] {
        var sim = sim
        switch request(from: sim, site: s.site) {
        case .failure(let e):
            s.status = .error(e.message)
            s.mode = .simulator(sim)
            return []
        case .success(let request):
            let url = sim.url.text.trimmedOfSpaces()
            s.urlHistory.removeAll { $0 == url }
            s.urlHistory.append(url)
            if s.urlHistory.count > 50 { s.urlHistory.removeFirst() }
            sim.historyPosition = nil
            let id = s.nextJobID
            s.nextJobID += 1
            sim.running = RunningJob(id: id, kind: .simulation)
            s.status = .info("simulating \(request.method) \(request.url)…")
            s.mode = .simulator(sim)
            return [.simulate(SimulationJob(id: id, request: request, server: sim.serverName, client: sim.clientName))]
        }
    }

    static func startReplay(_ sim: SimulatorState, _ s: inout AppState) -> [Effect] {
        var sim = sim
        let path = sim.log.text.trimmedOfSpaces()
        guard !path.isEmpty else {
            sim.focus = .log
            s.mode = .simulator(sim)
            s.status = .error("replay log: type the path of an access log (combined format, or METHOD URL lines)")
            return []
        }
        let timeText = sim.time.text.trimmedOfSpaces()
        let time = timeText.isEmpty ? nil : Timestamp(rfc3339: timeText)
        if !timeText.isEmpty && time == nil {
            s.status = .error("time: '\(timeText)' is not RFC 3339 like 2026-12-31T00:00:00Z (empty: the log's times)")
            s.mode = .simulator(sim)
            return []
        }
        let id = s.nextJobID
        s.nextJobID += 1
        sim.running = RunningJob(id: id, kind: .replay, progress: (0, 0))
        s.status = .info("replaying \(path)… (esc cancels)")
        s.mode = .simulator(sim)
        return [.replay(ReplayJob(id: id, path: path, server: sim.serverName, client: sim.clientName, time: time))]
    }

    /// Results of the background jobs; anything for a job that is no longer running is dropped.
    static func simulatorResult(_ action: Action, _ s: inout AppState) -> [Effect] {
        let jobID: Int
        switch action {
        case .simulationFinished(let id, _, _, _), .simulationFailed(let id, _), .replayProgress(let id, _, _), .replayFinished(let id, _, _):
            jobID = id
        default: return []
        }
        // The panel may be closed (jump to a rule) while a job runs: update the kept state then.
        var inPanel = false
        var sim = s.simulator
        if case .simulator(let open) = s.mode {
            sim = open
            inPanel = true
        }
        guard sim.running?.id == jobID else { return [] }
        switch action {
        case .simulationFinished(_, let trace, let server, let client):
            sim.running = nil
            sim.result = .trace(trace, server: server, client: client)
            sim.selectedHop = 0
            sim.focus = .trace
            s.status = .info(
                "\(trace.outcome.rawValue): \(trace.redirectCount) redirect\(trace.redirectCount == 1 ? "" : "s"); enter on a hop jumps to its rule")
        case .simulationFailed(_, let message):
            sim.running = nil
            s.status = .error(message)
        case .replayProgress(_, let done, let total):
            sim.running?.progress = (done, total)
        case .replayFinished(_, let report, let file):
            sim.running = nil
            sim.result = .replay(report, file: file)
            sim.selectedHop = 0
            sim.focus = .trace
            s.status = .info("replayed \(report.lines) lines: \(report.redirected) redirected, \(report.neverHit.count) rules never hit")
        default: break
        }
        if inPanel { s.mode = .simulator(sim) } else { s.simulator = sim }
        return []
    }
}

/// A field of the simulator panel that does not make a request, with the message to show.
public struct SimulatorInputError: Error, Sendable {
    public let message: String
    init(_ message: String) { self.message = message }
}

extension StringProtocol {
    /// The text without leading and trailing spaces (Foundation-free).
    func trimmedOfSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " { s.removeFirst() }
        while let l = s.last, l == " " { s.removeLast() }
        return String(s)
    }
}
