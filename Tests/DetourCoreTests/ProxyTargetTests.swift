import Foundation
import Testing

@testable import DetourCore

/// Traefik and Envoy without running them: Envoy's rollout hash (XXH64 reference values, the
/// bucket formula), how `simulate --as traefik|envoy` answers (per-method codes, the router view of
/// a path, absolute Locations), and the CLI's `export --to traefik|envoy` files.
@Suite struct ProxyTargetTests {
    @Test("XXH64 gives the reference values, seeded and unseeded, short and over 32 bytes")
    func xxHash64() {
        // Values of the reference implementation (xxhash.h; the cookbook's pure-Python copy).
        #expect(XXHash64.hash([]) == 0xEF46_DB37_51D8_E999)
        #expect(XXHash64.hash(Array("a".utf8)) == 0xD24E_C4F1_A98C_6E5B)
        #expect(XXHash64.hash(Array("abc".utf8)) == 0x44BC_2CF5_AD77_0999)
        #expect(XXHash64.hash(Array("Nobody inspects the spammish repetition".utf8)) == 0xFBCE_A83C_8A37_8BF1)
        #expect(XXHash64.hash(Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8), seed: 7) == 0x245A_CD11_A445_E8DA)
        #expect(XXHash64.hash(Array("127.0.0.5".utf8), seed: 12345) == 0x64EB_F25F_858C_4186)
    }

    @Test("Envoy's rollout bucket is xxHash64(value, seed of the salt) % 10000 against the share")
    func envoyBucket() {
        let hash = EnvoyRuntimeFraction()
        let seed = EnvoyRuntimeFraction.seed(salt: "ab-test")
        var inside = 0
        for k in 0..<2000 {
            let value = "user\(k)@example.org"
            let bucket = XXHash64.hash(Array(value.utf8), seed: seed) % 10000
            let decided = hash.includes(salt: "ab-test", value: value, basisPoints: 2500)
            #expect(decided == (bucket < 2500))
            // The salt:value form splits at the first ':' to the same decision.
            #expect(hash.includes(key: RolloutDecider.hashInput(salt: "ab-test", value: value), basisPoints: 2500) == decided)
            if decided { inside += 1 }
        }
        #expect(inside > 400 && inside < 600, "a 25 % share of 2000 keys: \(inside)")
    }

    static func rules(_ yaml: String) throws -> RuleSet { try RuleFileDocument(path: "t.yaml", bytes: Array(yaml.utf8)).ruleSet }

    static let set = """
        site:
          hosts: [example.com]
        rules:
          - id: constant
            source: /c
            target: /new
            code: 301
            query: drop
          - id: dynamic
            source: /d/*
            target: /docs/*
            code: 301
          - id: temporary
            source: /t/*
            target: /tmp/*
            code: 307
          - id: spaced
            source: /a%20b
            target: /spaced
            code: 302
        """

    @Test("simulate --as traefik: constant targets keep their code, redirectRegex answers GET 301/302 and other methods 308/307")
    func traefikCodes() throws {
        let sim = Simulator(ruleSet: try Self.rules(Self.set), view: ServerView.named("traefik")!)
        func status(_ method: String, _ path: String) -> Int? {
            sim.respond(to: HTTPRequest(method: method, scheme: "https", host: "example.com", path: path, time: Timestamp(secondsSinceEpoch: 0)))
                .status?.rawValue
        }
        #expect(status("GET", "/c") == 301 && status("HEAD", "/c") == 301 && status("POST", "/c") == 301)
        #expect(status("GET", "/d/x") == 301 && status("HEAD", "/d/x") == 308 && status("POST", "/d/x") == 308)
        #expect(status("GET", "/t/x") == 302 && status("HEAD", "/t/x") == 307)
        // Traefik's routers: dot segments and doubled slashes folded, %20 decoded, %2F kept.
        #expect(status("GET", "/x/../c") == 301 && status("GET", "//c") == 301)
        #expect(status("GET", "/a%20b") == 302)
        #expect(status("GET", "/d%2Fx") == nil)
        // Detour's own semantics keep the rule's code for every method.
        let own = Simulator(ruleSet: try Self.rules(Self.set), view: .detour)
        #expect(
            own.respond(to: HTTPRequest(method: "HEAD", scheme: "https", host: "example.com", path: "/d/x", time: Timestamp(secondsSinceEpoch: 0)))
                .status == .movedPermanently)
    }

    @Test("simulate --as envoy: every code for every method, raw paths, Location absolute")
    func envoyView() throws {
        let sim = Simulator(ruleSet: try Self.rules(Self.set), view: ServerView.named("envoy")!)
        let head = sim.respond(
            to: HTTPRequest(method: "HEAD", scheme: "https", host: "example.com", path: "/d/x", time: Timestamp(secondsSinceEpoch: 0)))
        #expect(head.status == .movedPermanently)
        #expect(head.locationHeader == "https://example.com/docs/x")
        #expect(
            sim.respond(to: HTTPRequest(method: "GET", scheme: "https", host: "example.com", path: "//c", time: Timestamp(secondsSinceEpoch: 0)))
                .status == nil)
    }

    @Test("verify reads an empty http(s) path as / (Envoy always writes it) and nothing else")
    func rootPath() {
        let request = HTTPRequest(method: "GET", scheme: "https", host: "example.com", path: "/bare", time: Timestamp(secondsSinceEpoch: 0))
        let expected = ExpectedResponse(status: 301, location: "https://example.org", cacheControl: nil, ruleID: "bare")
        #expect(
            VerifyComparison.compare(
                request: request, purpose: "", expected: expected, status: 301, location: "https://example.org/", cacheControl: nil) == nil)
        #expect(VerifyComparison.withRootPath("https://example.org?x=1") == "https://example.org/?x=1")
        #expect(VerifyComparison.withRootPath("https://example.org/a") == "https://example.org/a")
        #expect(VerifyComparison.withRootPath("mailto:a@b") == "mailto:a@b")
        #expect(
            VerifyComparison.compare(
                request: request, purpose: "", expected: expected, status: 301, location: "https://example.org/x", cacheControl: nil) != nil)
    }

    @Test("export --to traefik and --to envoy write their files; a rule they cannot express is refused with DT080")
    func exportCLI() throws {
        let dir = NSTemporaryDirectory() + "detour-proxy-export-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/rules.yaml"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try (Self.set + "\n  - id: window\n    source: /w\n    target: /x\n    code: 302\n    expires: 2030-01-01T00:00:00Z\n")
            .write(toFile: file, atomically: true, encoding: .utf8)
        for (server, files) in [("traefik", ["dynamic.yml", "traefik.yml", "README"]), ("envoy", ["envoy.yaml", "detour-routes.yaml", "README"])] {
            let out = dir + "/" + server
            let (refused, _, err) = try SimulationCLITests.detour(["export", file, "--to", server, "-o", out, "--now", "2026-01-01T00:00:00Z"])
            #expect(refused == 1)
            #expect(err.contains("DT080 rule window") && err.contains("time window"), "\(err)")
            let (status, _, err2) = try SimulationCLITests.detour([
                "export", file, "--to", server, "-o", out, "--standalone", "--listen", "127.0.0.1:18099", "--lenient", "--now", "2026-01-01T00:00:00Z"
            ])
            #expect(status == 0, "\(err2)")
            for f in files { #expect(FileManager.default.fileExists(atPath: out + "/" + f), "\(server): \(f)") }
            let readme = try String(contentsOfFile: out + "/README", encoding: .utf8)
            #expect(readme.contains("Residual differences"))
        }
        let dynamic = try String(contentsOfFile: dir + "/traefik/dynamic.yml", encoding: .utf8)
        #expect(dynamic.contains("priority: 5") && dynamic.contains("redirectRegex") && dynamic.contains("statusRewrites"))
        let traefik = try String(contentsOfFile: dir + "/traefik/traefik.yml", encoding: .utf8)
        #expect(traefik.contains("address: \"127.0.0.1:18099\"") && traefik.contains(dir + "/traefik/dynamic.yml"))
        let envoy = try String(contentsOfFile: dir + "/envoy/envoy.yaml", encoding: .utf8)
        #expect(envoy.contains("port_value: 18099") && envoy.contains("response_code: MOVED_PERMANENTLY") && envoy.contains("regex_rewrite"))
    }
}
