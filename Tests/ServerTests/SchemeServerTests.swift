import Foundation
import Testing

@testable import DetourCore
@testable import DetourVerify

/// The http→https redirect on the real servers (issue 18 item 1): a plain-HTTP request is sent to
/// https; a request the server sees as https — over a TLS listener with a self-signed certificate,
/// or named so by the trusted `site.scheme_header` — is not redirected again. `verify` agrees with
/// the simulator on both, with and without the header.
@Suite("http→https on the real servers", .serialized, needsServers)
struct SchemeServerTests {
    static let path = ServerTestSupport.fixture("scheme.yaml")

    static func rules(header: String?) throws -> (RuleSet, [UInt8]) {
        var (set, bytes) = try ServerTestSupport.load(path)
        set.site.schemeHeader = header
        return (set, bytes)
    }

    @Test("verify agrees on scheme rules, with and without the trusted header", arguments: ServerKind.local)
    func verifyAgrees(server: ServerKind) throws {
        try #require(ServerTestSupport.installed(server), "\(server.name) is not installed")
        let (plain, bytes) = try Self.rules(header: nil)
        let direct = try ServerTestSupport.verify(plain, bytes: bytes, file: Self.path, server: server)
        #expect(direct.disagreements.isEmpty)
        // A target that cannot match the scheme (Varnish has no TLS; Traefik and Envoy are not
        // written yet) refuses the scheme rules, and verify says so.
        let capabilities = server.target.capabilities
        let schemeRules = ["account-secure", "to-https", "www-http"]
        #expect(direct.omissions.map(\.ruleID).sorted() == (capabilities.supports(.scheme) ? [] : schemeRules))
        let (proxied, _) = try Self.rules(header: "X-Forwarded-Proto")
        let behindProxy = try ServerTestSupport.verify(proxied, bytes: bytes, file: Self.path, server: server)
        #expect(behindProxy.disagreements.isEmpty)
        if capabilities.supports(.schemeHeader) {
            #expect(behindProxy.omissions.isEmpty)
            #expect(behindProxy.total > 30)
        } else {
            // Envoy also refuses relative targets there: it takes their scheme from its own connection.
            #expect(Set(schemeRules).isSubset(of: behindProxy.omissions.map(\.ruleID)), "\(behindProxy.omissions)")
        }
    }

    /// Starts the standalone export of `set` (with `edit` applied to its main file) and hands the
    /// plain-HTTP port to `body`; the server is stopped by its PID afterwards.
    static func withServer(
        _ set: RuleSet, _ server: ServerKind, edit: ((String, String) throws -> String)? = nil, _ body: (Int) throws -> Void
    ) throws {
        let target = server.target
        let dir = ServerTestSupport.tempDir("scheme-\(server.name)")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let port = try #require(VerifyServerRunner.freePort())
        let listen = ListenAddress(host: "127.0.0.1", port: port)
        let out = try target.exporter.export(set, options: ExportOptions(directory: dir, standaloneListen: listen))
        #expect(out.omissions.isEmpty)
        try ExportFiles.write(out, to: dir)
        if let edit {
            let main = dir + "/" + target.standaloneMainFile
            try edit(try String(contentsOfFile: main, encoding: .utf8), dir).write(toFile: main, atomically: true, encoding: .utf8)
        }
        let runner = VerifyServerRunner(target: target, directory: dir, listen: listen)
        defer { runner.stop() }
        try runner.start(timeoutSeconds: target.startTimeoutSeconds)
        try body(port)
    }

    static func plain(_ path: String, host: String = "example.com", headers: [HTTPRequest.HeaderField] = [], port: Int) throws -> ObservedResponse {
        try HTTPProbe.send(HTTPRequest(method: "GET", scheme: "http", host: host, path: path, headers: headers), host: "127.0.0.1", port: port)
    }

    @Test("plain HTTP is sent to https; the TLS listener is not redirected again", arguments: [ServerKind.nginx, .apache, .haproxy, .caddy])
    func tlsListener(server: ServerKind) throws {
        try #require(ServerTestSupport.installed(server), "\(server.name) is not installed")
        let patch = try #require(TLSListener.servers[server.name])
        let (set, _) = try Self.rules(header: nil)
        let tlsPort = try #require(VerifyServerRunner.freePort())
        try Self.withServer(
            set, server,
            edit: { text, dir in
                try TLSListener.makeCertificate(in: dir)
                return patch(text, dir, "127.0.0.1", tlsPort)
            }
        ) { port in
            let a = try Self.plain("/a/b?x=1", port: port)
            #expect(a.status == 301 && a.location == "https://example.com/a/b?x=1", "\(a)")
            let www = try Self.plain("/p", host: "www.example.com", port: port)
            #expect(www.status == 308 && www.location == "https://example.com/p", "\(www)")
            let old = try Self.plain("/old", port: port)
            #expect(
                old.status == 301 && old.location.map { $0 == "/new" || $0 == "http://example.com/new" } == true, "one hop to the new page: \(old)")
            let account = try Self.plain("/account/x", port: port)
            #expect(account.status == 301 && account.location == "https://example.com/account/x", "\(account)")
            let secure = try TLSListener.get(host: "example.com", path: "/a/b?x=1", port: tlsPort)
            #expect(!VerifyComparison.redirectStatuses.contains(secure.status), "https is served, not redirected: \(secure)")
            let secureWWW = try TLSListener.get(host: "www.example.com", path: "/p", port: tlsPort)
            #expect(!VerifyComparison.redirectStatuses.contains(secureWWW.status), "\(secureWWW)")
            let login = try TLSListener.get(host: "example.com", path: "/account/x", port: tlsPort)
            #expect(login.status == 302, "the https-only rule fires over TLS: \(login)")
            #expect(login.location.map { $0.hasSuffix("/login?next=/account/x") } == true, "\(login)")
        }
    }

    @Test(
        "behind a TLS proxy the trusted header decides",
        arguments: ServerKind.local.filter { $0.target.capabilities.supports(.schemeHeader) })
    func trustedHeader(server: ServerKind) throws {
        try #require(ServerTestSupport.installed(server), "\(server.name) is not installed")
        let (set, _) = try Self.rules(header: "X-Forwarded-Proto")
        try Self.withServer(set, server) { port in
            let fromProxy = try Self.plain("/a", headers: [.init("X-Forwarded-Proto", "http")], port: port)
            #expect(fromProxy.status == 301 && fromProxy.location == "https://example.com/a", "\(fromProxy)")
            let secure = try Self.plain("/a", headers: [.init("X-Forwarded-Proto", "HTTPS")], port: port)
            #expect(!VerifyComparison.redirectStatuses.contains(secure.status), "the proxy says https: \(secure)")
            let login = try Self.plain("/account/x", headers: [.init("X-Forwarded-Proto", "https")], port: port)
            #expect(login.status == 302, "\(login)")
            // No header: the server's own connection, plain http here.
            let bare = try Self.plain("/a", port: port)
            #expect(bare.status == 301 && bare.location == "https://example.com/a", "\(bare)")
        }
    }
}
