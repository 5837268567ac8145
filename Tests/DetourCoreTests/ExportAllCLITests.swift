import Foundation
import Testing

@testable import DetourCore

/// Issue #15 §4: `detour export FILE --to all -o DIR` writes one folder per registered target (what
/// `--to TARGET -o DIR/TARGET` writes) and a table of what each keeps and refuses.
@Suite("export --to all")
struct ExportAllCLITests {
    static let mixed = """
        site:
          hosts: [example.com]
        rules:
          - id: plain
            source: /old
            target: /new
            code: 301
          - id: canary
            source: /canary
            target: /canary-v2
            code: 302
            rollout: {percent: 10, by: "cookie:uid"}
          - id: canary-ip
            source: /canary-ip
            target: /canary-v2
            code: 302
            rollout: {percent: 25, by: ip}

        """

    func write(_ text: String) throws -> (dir: String, file: String) {
        let dir = TestSupport.tempDir()
        let file = dir + "/rules.yaml"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return (dir, file)
    }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    @Test("a target that refuses rules gets no folder and exit 1; the others are written and the table counts the reasons")
    func refusalsDoNotStopTheOthers() throws {
        let (dir, file) = try write(Self.mixed)
        let r = try CLIRunner.run(["export", file, "--to", "all", "-o", dir + "/out", "--now", "2026-06-01T00:00:00Z"])
        #expect(r.status == 1, "\(r.stderr)")
        let summary = try String(contentsOfFile: dir + "/out/SUMMARY.md", encoding: .utf8)
        for target in ServerTargets.all {
            // Every registered target has a row, on stdout and in SUMMARY.md.
            #expect(r.stdout.contains("| \(target.name) |"), "\(target.name) missing from the table")
            #expect(summary.contains("| \(target.name) |"))
            let tally = try ExportTally.of(try TestSupport.yaml(Self.mixed).ruleSet, target: target, options: ExportOptions(directory: dir)).get()
            #expect(exists(dir + "/out/" + target.name) == tally.isComplete, "\(target.name)")
        }
        // Envoy has no cookie input; Traefik cannot hash a rollout at all.
        #expect(r.stdout.contains("| envoy | 2 | 1 | rollout by cookie (1) |"))
        #expect(r.stdout.contains("| traefik | 1 | 2 | rollout by cookie (1), rollout by ip (1) |"))
        #expect(r.stdout.contains("| nginx | 3 | 0 | - |"))
        #expect(exists(dir + "/out/nginx/README") && exists(dir + "/out/caddy/detour-rollout.caddy"))
        #expect(summary.contains("## envoy\n\n- rollout by cookie (1 rule): canary"))
        #expect(r.stderr.contains("--lenient writes what they can express"))
    }

    @Test("--lenient writes every folder with what each target can express, exit 0")
    func lenientWritesEveryFolder() throws {
        let (dir, file) = try write(Self.mixed)
        let r = try CLIRunner.run(["export", file, "--to", "all", "-o", dir + "/out", "--lenient", "--now", "2026-06-01T00:00:00Z"])
        #expect(r.status == 0, "\(r.stderr)")
        for target in ServerTargets.all { #expect(exists(dir + "/out/" + target.name + "/README"), "\(target.name)") }
        #expect(r.stdout.contains("\(ServerTargets.all.count) of \(ServerTargets.all.count) targets written"))
    }

    @Test("a refusing target's folder left by an earlier run is named as not replaced, on stderr and in the table")
    func staleFolderOfARefusingTargetIsNamed() throws {
        let (dir, file) = try write(Self.mixed)
        let out = dir + "/out"
        _ = try CLIRunner.run(["export", file, "--to", "all", "-o", out, "--lenient", "--now", "2026-06-01T00:00:00Z"])
        let r = try CLIRunner.run(["export", file, "--to", "all", "-o", out, "--now", "2026-06-01T00:00:00Z"])
        #expect(r.status == 1)
        // Envoy refuses the cookie rollout now, so its folder is the lenient run's.
        #expect(r.stderr.contains("\(out)/envoy: holds an earlier export that this run did not replace; remove it before deploying"))
        let envoyRow = r.stdout.split(separator: "\n").first { $0.hasPrefix("| envoy |") }.map(String.init) ?? ""
        #expect(envoyRow.contains("Not replaced: envoy/ holds an earlier export"), "\(envoyRow)")
        // A target written this time is not named.
        #expect(!r.stderr.contains("\(out)/nginx: holds"))
    }

    @Test("each folder holds exactly what --to TARGET writes")
    func foldersMatchSingleExports() throws {
        let (dir, file) = try write(
            """
            site:
              hosts: [example.com]
            rules:
              - id: a
                source: /a
                target: /b
                code: 301
              - id: docs-root
                source: /docs
                target: /guide
                code: 302
              - id: docs
                source: /docs/*
                target: /guide/*
                code: 302

            """)
        let all = try CLIRunner.run(["export", file, "--to", "all", "-o", dir + "/all", "--now", "2026-06-01T00:00:00Z"])
        #expect(all.status == 0, "\(all.stderr)")
        for target in ServerTargets.all {
            let one = try CLIRunner.run(["export", file, "--to", target.name, "-o", dir + "/one/" + target.name, "--now", "2026-06-01T00:00:00Z"])
            #expect(one.status == 0, "\(target.name): \(one.stderr)")
            let names = try FileManager.default.contentsOfDirectory(atPath: dir + "/one/" + target.name).sorted()
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/all/" + target.name).sorted() == names)
            for name in names {
                // Map files are named by their absolute path (Apache, HAProxy): the folders differ only there.
                let a = try String(contentsOfFile: dir + "/all/" + target.name + "/" + name, encoding: .utf8)
                let b = try String(contentsOfFile: dir + "/one/" + target.name + "/" + name, encoding: .utf8)
                #expect(a.replacingOccurrences(of: dir + "/all/", with: dir + "/one/") == b, "\(target.name)/\(name) differs")
            }
        }
    }

    @Test("-o - is refused: --to all writes folders")
    func standardOutputRefused() throws {
        let (_, file) = try write(Self.mixed)
        let r = try CLIRunner.run(["export", file, "--to", "all", "-o", "-"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--to all writes one folder per target"))
    }
}
