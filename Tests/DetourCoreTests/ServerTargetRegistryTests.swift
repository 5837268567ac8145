import Foundation
import Testing

@testable import DetourCore

/// `ServerTargets.all` is the one place servers are listed: each target is complete, and no code
/// outside the servers' own folders picks behaviour server by server.
@Suite("Server targets: one folder and one registry line per server")
struct ServerTargetRegistryTests {
    static let names = ServerTargets.all.map(\.name)

    @Test("every registered target has a unique lower-case name that ServerKind and lookup accept")
    func uniqueNames() {
        #expect(Set(Self.names).count == Self.names.count)
        #expect(
            Self.names == [
                "nginx", "apache", "haproxy", "caddy", "lighttpd", "varnish", "traefik", "envoy", "netlify", "vercel", "cloudflare", "gateway"
            ])
        for t in ServerTargets.all {
            #expect(t.name == t.name.lowercased())
            #expect(ServerKind(rawValue: t.name) == t.kind)
            #expect(ServerTargets.named(t.name.uppercased())?.kind == t.kind)
            #expect(t.kind.target.name == t.name)
        }
        #expect(ServerKind.allCases == ServerTargets.all.map(\.kind))
        #expect(ServerTargets.named("istio") == nil && ServerKind(rawValue: "istio") == nil)
        #expect(ServerKind(rawValue: "detour") == nil)
    }

    @Test("every target has its capability table, views, rollout formula, start and check commands", arguments: ServerTargets.all.map(\.kind))
    func complete(kind: ServerKind) throws {
        let t = kind.target
        #expect(t.capabilities.server == kind)
        #expect(t.capabilities.supports(.exact), "every server redirects exact paths")
        #expect(t.observedView.server == kind && t.exportedView.server == kind)
        #expect(ServerView.named(kind.name)?.server == kind)
        #expect(!t.rollout.hash.formula.isEmpty)
        let dir = "/srv/out"
        let listen = ListenAddress(host: "127.0.0.1", port: 18080)
        if t.runsLocally { startAndCheckCommands(t, directory: dir, listen: listen) }
        // The standalone export's main file is the one the commands name.
        var options = ExportOptions(directory: dir, sourceFile: "rules.yaml", standaloneListen: listen)
        options.now = Timestamp(rfc3339: "2026-06-01T00:00:00Z")!
        let rule = Rule(id: "a", source: Source(kind: .exact("/a"), text: "/a"), target: Target(parts: [.literal("/b")], text: "/b"), code: .found)
        guard t.runsLocally else {
            // Nothing runs a hosted platform's rules here: a standalone export is refused by name,
            // the plain export works.
            #expect(throws: ExportRefusal.self) { try t.exporter.export(RuleSet(rules: [rule]), options: options) }
            options.standaloneListen = nil
            let out = try t.exporter.export(RuleSet(rules: [rule]), options: options)
            #expect(out.server == kind && out.mainFile == nil && out.exportedRuleCount == 1)
            return
        }
        let out = try t.exporter.export(RuleSet(rules: [rule]), options: options)
        #expect(out.server == kind && out.mainFile == t.standaloneMainFile)
    }

    /// A local server's start and syntax-check commands run its program on the main file.
    private func startAndCheckCommands(_ t: any ServerTarget, directory dir: String, listen: ListenAddress) {
        #expect(!t.program.isEmpty && !t.package.isEmpty)
        let start = t.startArguments(directory: dir, listen: listen)
        let check = t.syntaxCheckArguments(directory: dir)
        #expect(start.first == t.program)
        #expect(start.contains { $0.hasSuffix(t.standaloneMainFile) }, "the start command names the main file")
        if check.isEmpty {
            // Only a server without a syntax check (Traefik) has none, and verify then checks the load.
            #expect(t.configurationLoad != nil, "a server without a syntax check needs a configuration-load check")
        } else {
            #expect(check.first == t.program)
            #expect(check.contains { $0.hasSuffix(t.standaloneMainFile) }, "the syntax check reads the main file")
        }
        #expect(t.startTimeoutSeconds > 0)
    }

    @Test("no switch or comparison over servers outside the servers' folders")
    func noServerSwitchesOutsideTargets() throws {
        let sources = TestSupport.repoRoot + "/Sources"
        let files = try FileManager.default.subpathsOfDirectory(atPath: sources).filter { $0.hasSuffix(".swift") }
        // A folder holding a `…Target.swift` is a server's own folder.
        let targetFolders = Set(
            files.filter { $0.hasSuffix("Target.swift") && $0.hasPrefix("DetourCore/Export/") && $0.split(separator: "/").count == 4 }.map {
                ($0 as NSString).deletingLastPathComponent
            })
        #expect(targetFolders.count == ServerTargets.all.count)
        let alternatives = Self.names.joined(separator: "|")
        // Programs whose name differs from the server's (apache2, varnishd) only appear in their folder.
        let programs = ServerTargets.all.map(\.program).filter { !Self.names.contains($0) }.map { "\"" + $0 + "\"" }
        let patterns = [
            try Regex("case \\.(\(alternatives))\\b"),
            try Regex("[=!]= \\.(\(alternatives))\\b"),
            try Regex("\\.(\(alternatives)) \\?")
        ]
        var offenders: [String] = []
        for file in files where !targetFolders.contains((file as NSString).deletingLastPathComponent) {
            let text = try String(contentsOfFile: sources + "/" + file, encoding: .utf8)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.trimmingCharacters(in: .whitespaces)
                if code.hasPrefix("//") { continue }
                if patterns.contains(where: { line.contains($0) }) || programs.contains(where: { line.contains($0) }) {
                    offenders.append("Sources/\(file):\(n + 1): \(code)")
                }
            }
        }
        #expect(offenders.isEmpty, "server-specific code belongs in Sources/DetourCore/Export/<Server>/:\n\(offenders.joined(separator: "\n"))")
    }
}
