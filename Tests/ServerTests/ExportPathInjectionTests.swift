import Foundation
import Testing

@testable import DetourCore
@testable import DetourVerify

/// Issue 19.5: the export directory is written into every standalone configuration (pid file,
/// logs, includes, map files, document root). A directory name that tries to end the quoted path
/// and start a directive is either written so the server reads it back as the same path — its own
/// syntax check passes and it answers every probe as simulated — or refused with an error naming
/// the directory; it never becomes configuration.
@Suite("Hostile export directories", .serialized)
struct ExportPathInjectionTests {
    /// Directory names with the quotes, escapes, comment and statement marks of every grammar.
    static let names = [
        "v\";\nsub vcl_synth {}\n#", "a\"b", "a b", "a$b", "${HOME}x", "a'b", "a#b", "a;b", "a{b}", "a\\b", "a,b)c", "x}\"y", "%{HTTP_HOST}",
        "a`b", "a[b*", "é日", "nul\u{0}x", "tab\tx", "a\"; include \"/etc/passwd"
    ]

    static let rules = """
        site:
          hosts: [example.com]
        rules:
          - {id: exact, source: /a, target: /b, code: 301}
          - {id: prefix, source: /docs/*, target: /manual/*, code: 308}
          - {id: regex, source: "~^/u/(\\\\d+)$", target: /users/$1, code: 307, cache: no-store}
        """

    static func set() throws -> RuleSet {
        var set = try YAMLRuleFile.parse(Array(rules.utf8), file: "paths.yaml").ruleSet
        // Enough exact rules for the servers that write them to map files in the directory.
        for i in 0..<40 {
            set.rules.append(
                Rule(
                    id: "m\(i)", source: Source(kind: .exact("/m/\(i)"), text: "/m/\(i)"),
                    target: Target(parts: [.literal("/n/\(i)")], text: "/n/\(i)"), code: .found))
            set.lines.append(100 + i)
        }
        return set
    }

    @Test("every server refuses a control character in the directory, naming it", arguments: ServerKind.local)
    func controlCharactersRefused(server: ServerKind) throws {
        for name in Self.names where URLText.firstControl(in: name) != nil {
            let dir = "/tmp/detour/" + name
            let options = ExportOptions(directory: dir, standaloneListen: ListenAddress(host: "127.0.0.1", port: 18080))
            #expect {
                _ = try server.target.exporter.export(try Self.set(), options: options)
            } throws: { error in
                "\(error)".contains("the export directory \(dir.debugEscaped) contains")
            }
        }
    }

    @Test("a directory is read back as itself or refused by name", needsServers, arguments: ServerKind.local)
    func hostileDirectories(server: ServerKind) throws {
        try #require(ServerTestSupport.installed(server), "\(server.name) is not installed")
        let set = try Self.set()
        let base = ServerTestSupport.tempDir("paths-\(server.name)")
        defer { try? FileManager.default.removeItem(atPath: base) }
        var accepted: [String] = []
        for name in Self.names {
            let dir = base + "/" + name
            var verifier = Verifier(ruleSet: set, target: server.target, sourceFile: "paths.yaml", sourceBytes: Array(Self.rules.utf8))
            verifier.directory = dir
            verifier.probeLimit = 200
            do {
                let result = try verifier.run()
                accepted.append(name)
                #expect(result.omissions.isEmpty, "\(server.name) \(name.debugEscaped)")
                #expect(result.disagreements.isEmpty, "\(server.name) \(name.debugEscaped): \(result.disagreements.prefix(2))")
                // The files the configuration names were read from DIR: a cut-off path would not
                // have found detour.vcl, the Lua script, the map files or the rewrite include.
                let files = try FileManager.default.contentsOfDirectory(atPath: dir)
                #expect(files.contains(server.target.standaloneMainFile))
            } catch let refusal as ExportRefusal {
                #expect("\(refusal)".contains("the export directory \(dir.debugEscaped) contains"), "\(refusal)")
            } catch {
                Issue.record("\(server.name) \(name.debugEscaped): \(error)")
            }
        }
        // Spaces, `#`, `;` and non-ASCII are ordinary directory names: every server takes them.
        for plain in ["a b", "a#b", "a;b", "é日"] { #expect(accepted.contains(plain), "\(server.name) refused \(plain)") }
    }
}
