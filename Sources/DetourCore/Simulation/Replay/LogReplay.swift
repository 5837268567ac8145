#if canImport(Glibc)
    import Glibc
#endif

/// `detour replay` (DESIGN §6.2): runs every request of an access log through the simulator,
/// streaming the file line by line (constant memory), and aggregates a `ReplayReport`.
public struct LogReplay: Sendable {
    public let simulator: Simulator
    /// Overrides the logged time (and gives plain lines a time); nil: the log's time, else now.
    public let time: Timestamp?

    /// A GET on the site's primary host, which each log line adjusts.
    private let template: HTTPRequest

    public init(simulator: Simulator, time: Timestamp? = nil) {
        self.simulator = simulator
        self.time = time
        let site = simulator.ruleSet.site
        template = HTTPRequest(method: "GET", scheme: site.scheme, host: site.primaryHost, path: "/")
    }

    /// Replays a log file; `progress(bytesRead, totalBytes)` is called about every 4 MB, and the
    /// replay stops early (returning what it has) once `isCancelled` says so (checked per 4 096 lines).
    public func run(path: String, progress: ((Int, Int) -> Void)? = nil, isCancelled: (() -> Bool)? = nil) throws -> ReplayReport {
        guard let file = fopen(path, "r") else { throw ReplayError(message: "\(path): cannot open (\(String(cString: strerror(errno))))") }
        defer { fclose(file) }
        var info = stat()
        let total = fstat(fileno(file), &info) == 0 ? Int(info.st_size) : 0
        var report = ReplayReport(ruleSet: simulator.ruleSet)
        var linePointer: UnsafeMutablePointer<CChar>? = nil
        var capacity = 0
        defer { free(linePointer) }
        var bytesRead = 0
        var nextProgress = 4 << 20
        let now = Timestamp.now()
        while true {
            let n = getline(&linePointer, &capacity, file)
            if n < 0 { break }
            bytesRead += n
            let length = n > 0 && linePointer![n - 1] == 0x0a ? n - 1 : n
            linePointer!.withMemoryRebound(to: UInt8.self, capacity: n) { p in
                add(UnsafeBufferPointer(start: p, count: length), to: &report, now: now)
            }
            if let isCancelled, report.lines & 4095 == 0, isCancelled() { break }
            if let progress, bytesRead >= nextProgress {
                progress(bytesRead, total)
                nextProgress = bytesRead + (4 << 20)
            }
        }
        if ferror(file) != 0 { throw ReplayError(message: "\(path): read error") }
        return report
    }

    /// Replays lines given in memory (tests, piping).
    public func run(lines: [String]) -> ReplayReport {
        var report = ReplayReport(ruleSet: simulator.ruleSet)
        let now = Timestamp.now()
        for line in lines {
            var bytes = Array(line.utf8)
            bytes.withUnsafeMutableBufferPointer { add(UnsafeBufferPointer($0), to: &report, now: now) }
        }
        return report
    }

    private func add(_ line: UnsafeBufferPointer<UInt8>, to report: inout ReplayReport, now: Timestamp) {
        report.lines += 1
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0d }) {
            report.blankLines += 1
            return
        }
        guard let entry = AccessLogLine.parse(line) else {
            report.addMalformed(line: report.lines, text: String(decoding: line.prefix(200), as: UTF8.self))
            return
        }
        var request = template
        if entry.target.utf8.first == 0x2f {
            // A path (the usual case): split off the query without a full URL parse.
            if let q = entry.target.utf8.firstIndex(of: 0x3f) {
                request.path = String(entry.target[..<q])
                request.query = String(entry.target[entry.target.utf8.index(after: q)...])
            } else {
                request.path = entry.target
            }
        } else if let url = HTTPRequest.parseURL(entry.target, defaultScheme: template.scheme, defaultHost: template.host) {
            request.scheme = url.scheme
            request.host = url.host
            request.port = url.port
            request.path = url.path
            request.query = url.query
        } else {
            report.addMalformed(line: report.lines, text: String(decoding: line.prefix(200), as: UTF8.self))
            return
        }
        request.method = entry.method
        if let address = entry.clientAddress { request.clientAddress = address }
        request.time = time ?? entry.time ?? now
        if let logged = entry.time { report.noteLogTime(logged) }
        let first = simulator.respond(to: request)
        observeRollouts(request, firing: first.ruleIndex, into: &report)
        guard first.isRedirect else {
            report.requests += 1
            return
        }
        report.add(simulator.trace(request, hasBody: false, firstResponse: first))
    }

    /// For each partial-rollout rule the request reached with source and gate holding, whether the
    /// rollout took it: the observed share of §6.2.
    private func observeRollouts(_ request: HTTPRequest, firing: Int?, into report: inout ReplayReport) {
        guard !report.rolloutRules.isEmpty else { return }
        var after = -1
        while let m = simulator.matcher.firstMatch(request, after: after, ignoringRollouts: true), report.isRollout(m.ruleIndex) {
            report.rolloutEligible[m.ruleIndex, default: 0] += 1
            if m.ruleIndex == firing {
                report.rolloutIncluded[m.ruleIndex, default: 0] += 1
                return
            }
            after = m.ruleIndex
        }
    }
}

/// A log that cannot be read at all (malformed lines are counted, never errors).
public struct ReplayError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
