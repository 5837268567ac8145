import Foundation
import Testing

@testable import DetourCore
@testable import DetourVerify

/// Issue 19.4 against the real nginx: the DT071 witness of `~^/(a+)+$` drives PCRE2 into its
/// match limit (nginx answers 500) when the regex is in a config; Detour's export refuses the
/// rule, and a lenient export leaves it out, so nginx answers the witness as `simulate --as nginx`
/// says.
@Suite("Exponential regexes on the real nginx", .serialized, needsServers)
struct RegexBacktrackingServerTests {
    static let rules = """
        site:
          hosts: [example.com]
          exports: [{to: nginx}]
        rules:
          - {id: nested, source: "~^/(a+)+$", target: /b, code: 307, cache: no-store}
          - {id: plain, source: /ok, target: /fine, code: 307, cache: no-store}
        """

    static func witness() throws -> String {
        try #require(BacktrackingAnalysis.find(in: try PortableRegex("^/(a+)+$"))).witness
    }

    /// Starts nginx on the files in `dir` (a standalone main file `nginx.conf`), runs `body`, stops it by PID.
    static func withNginx(_ dir: String, _ body: (ListenAddress) throws -> Void) throws {
        let port = try #require(VerifyServerRunner.freePort())
        let listen = ListenAddress(host: "127.0.0.1", port: port)
        return try withKnownPort(dir, listen, body)
    }

    static func withKnownPort(_ dir: String, _ listen: ListenAddress, _ body: (ListenAddress) throws -> Void) throws {
        try ServerSyntaxCheck.run(NginxTarget(), directory: dir)
        let runner = VerifyServerRunner(target: NginxTarget(), directory: dir, listen: listen)
        defer { runner.stop() }
        try runner.start()
        try body(listen)
    }

    static func request(_ path: String) -> HTTPRequest {
        HTTPRequest(method: "GET", scheme: "http", host: "example.com", path: path, time: Timestamp(rfc3339: "2026-06-01T00:00:00Z")!)
    }

    @Test("the witness makes nginx answer 500 when the regex is in its config")
    func witnessIsRealOnNginx() throws {
        try #require(ServerTestSupport.installed(.nginx), "nginx is not installed")
        let dir = ServerTestSupport.tempDir("nginx-redos")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let port = try #require(VerifyServerRunner.freePort())
        // Written by hand: Detour itself never writes this regex for nginx.
        let conf = """
            daemon off;
            master_process off;
            pid nginx.pid;
            error_log error.log warn;
            events { worker_connections 64; }
            http {
              access_log off;
              server {
                listen 127.0.0.1:\(port);
                location ~ ^/(a+)+$ { return 307 /b; }
                location / { return 404; }
              }
            }
            """
        try conf.write(toFile: dir + "/nginx.conf", atomically: true, encoding: .utf8)
        try Self.withKnownPort(dir, ListenAddress(host: "127.0.0.1", port: port)) { listen in
            let ok = try HTTPProbe.send(Self.request("/aaaa"), host: listen.host, port: listen.port)
            #expect(ok.status == 307)
            let slow = try HTTPProbe.send(Self.request(try Self.witness()), host: listen.host, port: listen.port, timeoutSeconds: 60)
            #expect(slow.status == 500)
        }
        let log = (try? String(contentsOfFile: dir + "/error.log", encoding: .utf8)) ?? ""
        #expect(log.contains("pcre2_match() failed: -47"))
    }

    @Test("the default export refuses; the lenient export answers the witness as simulate --as nginx")
    func exportRefusesAndLenientAgrees() throws {
        try #require(ServerTestSupport.installed(.nginx), "nginx is not installed")
        let set = try YAMLRuleFile.parse(Array(Self.rules.utf8), file: "redos.yaml").ruleSet
        let dir = ServerTestSupport.tempDir("nginx-redos-export")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let port = try #require(VerifyServerRunner.freePort())
        let listen = ListenAddress(host: "127.0.0.1", port: port)
        var options = ExportOptions(directory: dir, standaloneListen: listen)
        #expect {
            _ = try NginxTarget().exporter.export(set, options: options)
        } throws: { error in
            "\(error)".contains("DT080 rule nested") && "\(error)".contains("'(a+)+'")
        }
        options.lenient = true
        let out = try NginxTarget().exporter.export(set, options: options)
        #expect(out.omissions.map(\.ruleID) == ["nested"])
        try ExportFiles.write(out, to: dir)
        let simulator = Simulator(ruleSet: Verifier.without(out.omissions, set), view: ServerView.named("nginx"))
        try Self.withKnownPort(dir, listen) { listen in
            for path in [try Self.witness(), "/aaaa", "/ok"] {
                let observed = try HTTPProbe.send(Self.request(path), host: listen.host, port: listen.port, timeoutSeconds: 60)
                let simulated = simulator.respond(to: Self.request(path))
                #expect(observed.status == (simulated.status?.rawValue ?? 404), "\(path)")
                #expect(observed.status != 500)
            }
        }
    }
}
