import Foundation
import Testing

@testable import DetourCore
@testable import DetourVerify

/// `detour probe` against real servers on loopback (issue 17 §2): a deployment of the export
/// agrees; the same deployment with one rule's target changed by hand makes probe name exactly
/// that rule; HTTPS with a self-signed certificate works with --ca or --insecure and is refused
/// without; --follow reports the chain that takes two hops.
@Suite("probe of a live deployment", .serialized, needsServers)
struct ProbeServerTests {
    static let path = ServerTestSupport.fixture("probe.yaml")
    static let now = Timestamp(rfc3339: "2026-06-01T00:00:00Z")!

    /// Exports `probe.yaml` standalone for `server`, applies `edit` to the file of the export that
    /// holds `/plans-and-pricing` (the hand change), starts the server and hands `body` its port.
    static func deploy(
        _ server: ServerKind, handEdit: Bool, tls: Bool = false, _ body: (_ port: Int, _ tlsPort: Int?, _ dir: String) throws -> Void
    ) throws {
        let (set, _) = try ServerTestSupport.load(path)
        let target = server.target
        let dir = ServerTestSupport.tempDir("probe-\(server.name)")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let port = try #require(VerifyServerRunner.freePort())
        let listen = ListenAddress(host: "127.0.0.1", port: port)
        var options = ExportOptions(directory: dir, standaloneListen: listen)
        options.now = now
        let out = try target.exporter.export(set, options: options)
        #expect(out.omissions.isEmpty)
        try ExportFiles.write(out, to: dir)
        if handEdit {
            let files = try FileManager.default.subpathsOfDirectory(atPath: dir).map { dir + "/" + $0 }
            let holders = files.filter { f in
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: f, isDirectory: &isDir), !isDir.boolValue else { return false }
                return (try? String(contentsOfFile: f, encoding: .utf8))?.contains("/plans-and-pricing") ?? false
            }
            let file = try #require(holders.first, "no exported file names /plans-and-pricing")
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(text.components(separatedBy: "/plans-and-pricing").count == 2, "the target appears once in \(file)")
            try text.replacingOccurrences(of: "/plans-and-pricing", with: "/pricing-by-hand").write(toFile: file, atomically: true, encoding: .utf8)
        }
        var tlsPort: Int? = nil
        if tls {
            let patch = try #require(TLSListener.servers[server.name])
            let p = try #require(VerifyServerRunner.freePort())
            tlsPort = p
            try TLSListener.makeCertificate(in: dir)
            let main = dir + "/" + target.standaloneMainFile
            try patch(try String(contentsOfFile: main, encoding: .utf8), dir, "127.0.0.1", p).write(toFile: main, atomically: true, encoding: .utf8)
        }
        let runner = VerifyServerRunner(target: target, directory: dir, listen: listen)
        defer { runner.stop() }
        try runner.start(timeoutSeconds: target.startTimeoutSeconds)
        try body(port, tlsPort, dir)
    }

    static func probe(
        _ server: ServerKind, _ base: String, follow: Bool = false, configure: (inout ProbeOptions) -> Void = { _ in }
    ) throws -> ProbeReport {
        let (set, _) = try ServerTestSupport.load(path)
        var options = ProbeOptions(now: now)
        options.follow = follow
        options.timeoutSeconds = 5
        options.retries = 1
        configure(&options)
        let prober = Prober(
            ruleSet: set, view: try #require(ServerView.named(server.name)), endpoint: try ProbeEndpoint.parse(base), options: options)
        return try prober.run()
    }

    @Test("a deployment changed by hand: probe names exactly the changed rule", arguments: [ServerKind.nginx, .apache])
    func namesTheChangedRule(server: ServerKind) throws {
        try #require(ServerTestSupport.installed(server), "\(server.name) is not installed")
        try Self.deploy(server, handEdit: false) { port, _, _ in
            let report = try Self.probe(server, "http://127.0.0.1:\(port)")
            #expect(report.allAgree, "\(report.text(file: "probe.yaml"))")
            #expect(report.rules.count == 6)  // five rules and the site-wide requests
            #expect(report.probeCount > 30)
        }
        try Self.deploy(server, handEdit: true) { port, _, _ in
            let report = try Self.probe(server, "http://127.0.0.1:\(port)")
            #expect(report.results(.differs).map(\.ruleID) == ["pricing"], "\(report.text(file: "probe.yaml"))")
            let witness = try #require(report.results(.differs).first?.differing.first { $0.purpose == "witness of rule pricing" })
            #expect(witness.expected.location == "http://example.com/plans-and-pricing")
            guard case .answered(301, let location?, _) = witness.observed else {
                Issue.record("the changed rule must still redirect: \(witness.observed)")
                return
            }
            #expect(location.hasSuffix("/pricing-by-hand"))
            let text = report.text(file: "probe.yaml")
            #expect(text.contains("DIFFERS rule pricing (probe.yaml:7)"), "\(text)")
            #expect(!text.contains("DIFFERS rule docs"))
            let sarif = report.sarif(file: "probe.yaml", version: "test")
            #expect(sarif.contains("\"ruleId\": \"probe/differs\"") && sarif.contains("\"startLine\": 7"))
        }
    }

    @Test("--follow reports the chain that takes two hops; rate limit and concurrency still send every request")
    func followsChains() throws {
        try #require(ServerTestSupport.installed(.nginx), "nginx is not installed")
        try Self.deploy(.nginx, handEdit: false) { port, _, _ in
            let report = try Self.probe(.nginx, "http://127.0.0.1:\(port)", follow: true) { o in
                o.concurrency = 3
                o.requestsPerSecond = 200
            }
            let twoHops = report.problemChains.filter { $0.ruleID == "legacy-team" && $0.problems.contains(.multipleHops) }
            #expect(!twoHops.isEmpty, "\(report.text(file: "probe.yaml"))")
            // /plans-and-pricing is not served by the deployment (it answers 404 for everything else).
            #expect(twoHops.first?.problems.contains(.endsInError) == true)
            #expect(twoHops.first?.hops.map(\.status) == [301, 301, 404])
            #expect(report.sent >= report.probeCount)
            #expect(!report.allAgree)
        }
    }

    @Test("HTTPS with a self-signed certificate for example.com: --ca trusts it, --insecure skips the check, no trust is unreachable")
    func httpsSelfSigned() throws {
        try #require(ServerTestSupport.installed(.nginx), "nginx is not installed")
        try Self.deploy(.nginx, handEdit: false, tls: true) { _, tlsPort, dir in
            let base = "https://127.0.0.1:\(try #require(tlsPort))"
            // The certificate names example.com only: the rule on www.example.com cannot be reached
            // by a client that checks it, and the report says why.
            let trusted = try Self.probe(.nginx, base) { $0.caFile = dir + "/cert.pem" }
            #expect(trusted.results(.differs).isEmpty, "\(trusted.text(file: "probe.yaml"))")
            #expect(trusted.results(.unreachable).map(\.ruleID) == ["www"])
            #expect(trusted.results(.agree).compactMap(\.ruleID) == ["pricing", "docs", "order", "legacy-team"])
            let text = trusted.text(file: "probe.yaml")
            #expect(text.contains("UNREACHABLE rule www (probe.yaml:22): certificate not accepted for www.example.com: hostname mismatch"), "\(text)")
            let insecure = try Self.probe(.nginx, base) { $0.insecure = true }
            #expect(insecure.allAgree, "\(insecure.text(file: "probe.yaml"))")
            #expect(insecure.probeCount > 30)
            let untrusted = try Self.probe(.nginx, base) { $0.maxRequests = 5 }
            #expect(untrusted.nothingAnswered)
            guard case .unreachable(let reason)? = untrusted.rules.first?.answers.first?.observed else {
                Issue.record("expected no answer without trust")
                return
            }
            #expect(reason.contains("certificate not accepted for example.com"), "\(reason)")
        }
    }

    @Test("the CLI: exit 1 and JSON naming the changed rule; exit 3 when nothing answers")
    func cli() throws {
        try #require(ServerTestSupport.installed(.nginx), "nginx is not installed")
        try Self.deploy(.nginx, handEdit: true) { port, _, _ in
            let r = try Self.run([
                "probe", "http://127.0.0.1:\(port)", Self.path, "--as", "nginx", "--format", "json", "--now", "2026-06-01T00:00:00Z"
            ])
            #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            let rules = try #require(json["rules"] as? [[String: Any]])
            #expect(rules.filter { $0["verdict"] as? String == "differs" }.compactMap { $0["rule"] as? String } == ["pricing"])
        }
        let closed = try #require(VerifyServerRunner.freePort())
        let r = try Self.run(["probe", "http://127.0.0.1:\(closed)", Self.path, "--retries", "0", "--max-requests", "3"])
        #expect(r.status == 3, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("answered no request"))
        #expect(r.stdout.contains("UNREACHABLE rule pricing") && r.stdout.contains("Connection refused"), "\(r.stdout)")
    }

    static func run(_ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServerTestSupport.repoRoot + "/.build/debug/detour")
        process.arguments = args
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stdout, stderr)
    }
}

/// BASEURL parsing needs no server.
@Suite struct ProbeEndpointTests {
    @Test func parsesSchemeHostAndPort() throws {
        #expect(try ProbeEndpoint.parse("https://www.example.com") == ProbeEndpoint(scheme: "https", host: "www.example.com", port: 443))
        #expect(try ProbeEndpoint.parse("http://127.0.0.1:8080/") == ProbeEndpoint(scheme: "http", host: "127.0.0.1", port: 8080))
        #expect(try ProbeEndpoint.parse("https://[::1]:8443") == ProbeEndpoint(scheme: "https", host: "::1", port: 8443))
        for bad in ["www.example.com", "ftp://x", "http://x/path", "http://x:0", "http://user@x"] {
            #expect(throws: ProbeSetupError.self) { try ProbeEndpoint.parse(bad) }
        }
    }
}

/// Which requests a probe sends, without a server.
@Suite struct ProbeRequestTests {
    static func prober(_ base: String, maxRequests: Int) throws -> Prober {
        let (set, _) = try ServerTestSupport.load(ProbeServerTests.path)
        var options = ProbeOptions(now: ProbeServerTests.now)
        options.maxRequests = maxRequests
        return Prober(ruleSet: set, view: .detour, endpoint: try ProbeEndpoint.parse(base), options: options)
    }

    @Test func underALimitEveryRuleIsReachedByItsWitnessFirst() throws {
        let (probes, _) = try Self.prober("http://127.0.0.1:8080", maxRequests: 5).requests()
        #expect(probes.map(\.purpose) == ["pricing", "docs", "order", "www", "legacy-team"].map { "witness of rule \($0)" })
        #expect(probes.allSatisfy { $0.request.scheme == "http" })
    }

    @Test func overHTTPSEveryRequestIsAnHTTPSRequest() throws {
        let (probes, _) = try Self.prober("https://127.0.0.1:8443", maxRequests: 100).requests()
        #expect(probes.count > 30)
        #expect(probes.allSatisfy { $0.request.scheme == "https" })
    }
}
