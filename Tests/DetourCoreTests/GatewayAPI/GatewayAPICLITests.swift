import Foundation
import Testing

@testable import DetourCore

/// `detour export --to gateway` as a user runs it: `--gateway` sets parentRefs, a bad value or a
/// wrong target is an error naming the flag, `--standalone` is refused, `simulate --as gateway`
/// answers with the gateway's Location, and the export dialog's summary line counts routes and refusals.
@Suite struct GatewayAPICLITests {
    static func file(_ yaml: String) throws -> (dir: String, path: String) {
        let dir = TestSupport.tempDir()
        let path = dir + "/rules.yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return (dir, path)
    }

    static let rules = "rules:\n  - {id: a, source: /a, target: /b, code: 301}\n"

    @Test("--gateway NAME/NAMESPACE becomes the parentRef of every route")
    func gatewayFlag() throws {
        let (dir, path) = try Self.file(Self.rules)
        let r = try CLIRunner.run(["export", path, "--to", "gateway", "--gateway", "edge/infra", "-o", dir + "/out", "--now", "2026-06-01T00:00:00Z"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("gateway: 1 rule exported"))
        let stream = try String(contentsOfFile: dir + "/out/httproutes.yaml", encoding: .utf8)
        #expect(stream.contains("  parentRefs:\n  - name: \"edge\"\n    namespace: \"infra\"\n"))
        #expect(try String(contentsOfFile: dir + "/out/README", encoding: .utf8).contains("They attach to the Gateway edge in namespace infra."))
    }

    @Test("a malformed --gateway, --gateway for another target and --standalone are refused with the reason")
    func refusals() throws {
        let (dir, path) = try Self.file(Self.rules)
        let bad = try CLIRunner.run(["export", path, "--to", "gateway", "--gateway", "Edge_GW", "-o", dir + "/o1"])
        #expect(bad.status != 0 && bad.stderr.contains("--gateway: gateway 'Edge_GW': the name 'Edge_GW' must be a Kubernetes object name"))
        let other = try CLIRunner.run(["export", path, "--to", "nginx", "--gateway", "edge", "-o", dir + "/o2"])
        #expect(other.status != 0 && other.stderr.contains("it does nothing for nginx"))
        let standalone = try CLIRunner.run(["export", path, "--to", "gateway", "--standalone", "-o", dir + "/o3"])
        #expect(
            standalone.status == 64 && standalone.stderr.contains("--standalone: gateway is a hosted platform, nothing runs its redirects locally"))
        #expect(!standalone.stderr.contains("--lenient"), "a refused option is not a rule --lenient would leave out")
    }

    @Test("simulate --as gateway sends the relative target absolute, with the request's scheme and host")
    func simulate() throws {
        let (_, path) = try Self.file(Self.rules)
        let r = try CLIRunner.run(["simulate", path, "GET", "http://shop.example/a?x=1", "--as", "gateway"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Location       http://shop.example/b?x=1"), "\(r.stdout)")
    }

    @Test("the summary line counts the routes a large set needs and the rules it cannot express")
    func limitSummary() throws {
        var yaml = "rules:\n  - {id: re, source: \"~^/x/(\\\\d+)$\", target: /y, code: 301}\n"
        for i in 0..<40 { yaml += "  - {id: r\(i), source: /p\(i), target: /t, code: 301}\n" }
        let set = try TestSupport.yaml(yaml).ruleSet
        #expect(GatewayAPITarget().limitSummary(for: set) == "gateway: 3 HTTPRoutes (16 rules each at most); 1 rule not expressible")
        #expect(GatewayAPITarget().limitSummary(for: try TestSupport.yaml(Self.rules).ruleSet) == nil)
    }
}
