import ArgumentParser
import DetourCore
import DetourVerify

#if canImport(Glibc)
    import Glibc
#endif

/// `detour probe BASEURL FILE`: checks a live deployment against the rule file (issue 17 §2).
struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Send verify's requests to a live deployment and compare each answer with the simulator.",
        discussion: """
            Sends the requests `detour verify` would send (each rule's examples, a witness and generated \
            variations) to BASEURL, which sets only scheme, host and port: the Host header, and over \
            HTTPS the TLS server name, come from each request. Each first hop is compared with \
            `detour simulate --as SERVER` (status, absolute Location, Cache-Control). With --follow every \
            redirect the deployment answers is followed, on BASEURL only, and chains that end in 4xx/5xx, \
            leave the site's hosts, loop or take more than one hop are reported. The report gives each \
            rule a verdict: agree, differs (expected and got for each request) or unreachable.

            Requests that got no HTTP answer are retried (--retries); a progress bar is shown on a \
            terminal. Under --max-requests every rule's examples and witness are sent before the \
            variations, so a limit below the full set still reaches every rule. Rollout probes keyed by client address need a loopback BASEURL and are skipped \
            otherwise. Certificates are checked against the system's trust store, or --ca FILE, or \
            not at all with --insecure.

            Exit status: 0 when every rule agrees (and, with --follow, no chain has a problem), 1 when \
            any rule differs or is unreachable or a chain has a problem, 2 when the file cannot be loaded, \
            3 when the probe cannot start (bad BASEURL, unknown host, unreadable --ca) or nothing answered.

            Examples:
              detour probe https://www.example.com redirects.yaml --as nginx
              detour probe http://127.0.0.1:8080 redirects.yaml --as apache --follow --format json
              detour probe https://staging.internal:8443 redirects.yaml --ca staging-ca.pem --rate 20
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, sarif }

    @Argument(help: "Scheme, host and port of the deployment, e.g. https://www.example.com or http://127.0.0.1:8080.")
    var baseURL: String
    @Argument(help: "The rule file (.yaml or .csv).") var file: String
    @Option(name: .customLong("as"), help: "Simulate as: detour, \(ServerTargets.names) (default: the site's first export).")
    var server: String?
    @Option(help: "text, json or sarif (SARIF 2.1.0).") var format: Format = .text
    @Flag(help: "Follow each redirect on BASEURL and report chains that end in 4xx/5xx, off-site, loop or take more than one hop.")
    var follow = false
    @Option(help: "Requests in flight at once.") var concurrency: Int = 4
    @Option(help: "At most this many requests per second (default: no limit).") var rate: Double?
    @Option(help: "Seconds to wait for a connection and for an answer.") var timeout: Int = 10
    @Option(help: "Times a request that got no HTTP answer is sent again.") var retries: Int = 2
    @Option(help: "At most this many requests (followed hops not counted).") var maxRequests: Int = 5000
    @Flag(help: "Accept any TLS certificate.") var insecure = false
    @Option(help: "Trust only the certificates in this PEM file.") var ca: String?
    @Option(help: "Simulate every request at this RFC 3339 time (default: now).") var now: String?

    func validate() throws {
        if let server, ServerView.named(server) == nil { throw ValidationError("unknown server '\(server)' for --as") }
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if let rate, !(rate > 0) { throw ValidationError("--rate must be more than 0") }
        if timeout < 1 { throw ValidationError("--timeout must be at least 1 second") }
        if retries < 0 { throw ValidationError("--retries cannot be negative") }
        if maxRequests < 1 { throw ValidationError("--max-requests must be at least 1") }
        if insecure && ca != nil { throw ValidationError("--insecure and --ca exclude each other") }
    }

    func run() throws {
        let doc = try CLI.load(file)
        let endpoint: ProbeEndpoint
        do { endpoint = try ProbeEndpoint.parse(baseURL) } catch {
            CLI.printError("probe: \(error)")
            throw ExitCode(3)
        }
        var options = ProbeOptions(now: try CLI.clock(now))
        options.concurrency = concurrency
        options.requestsPerSecond = rate
        options.timeoutSeconds = timeout
        options.retries = retries
        options.maxRequests = maxRequests
        options.follow = follow
        options.insecure = insecure
        options.caFile = ca
        let view = server.flatMap(ServerView.named) ?? ServerView.defaultView(for: doc.ruleSet.site)
        let prober = Prober(ruleSet: doc.ruleSet, view: view, endpoint: endpoint, options: options)
        let bar = isatty(STDERR_FILENO) == 1 ? ProbeProgressBar() : nil
        let report: ProbeReport
        do {
            report = try prober.run(progress: { p in bar?.show(p) })
        } catch {
            bar?.clear()
            CLI.printError("probe: \(error)")
            throw ExitCode(3)
        }
        bar?.clear()
        switch format {
        case .text: print(report.text(file: file), terminator: "")
        case .json: print(report.json(file: file))
        case .sarif: print(report.sarif(file: file, version: DetourVersion.package), terminator: "")
        }
        if report.nothingAnswered {
            CLI.printError("probe: \(endpoint) answered no request")
            throw ExitCode(3)
        }
        if !report.allAgree { throw CLI.findings }
    }
}

/// The progress bar on stderr: redrawn at most once per percent.
private final class ProbeProgressBar: @unchecked Sendable {
    private var lastPercent = -1

    // Called by one worker at a time (the run serialises progress reports).
    func show(_ p: ProbeProgress) {
        let percent = p.total > 0 ? p.done * 100 / p.total : 100
        guard percent != lastPercent else { return }
        lastPercent = percent
        let width = 30
        let filled = percent * width / 100
        CLI.printPartial(
            "\rprobing [" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] \(p.done)/\(p.total)")
    }

    func clear() { CLI.printPartial("\r\u{1B}[K") }
}
