import Foundation
import Testing

@testable import DetourCore

/// What the writing commands (`fmt`, `convert`, `import -o`, `new`, `export`) do with links,
/// read-only files, existing outputs, other writers and files that are not what they expect.
struct WriteCommandsCLITests {
    private let unformatted = "# mine\nrules:\n    - code: 301   # kept\n      source: /a\n      target: '/b'\n"
    private let formatted = "# mine\nrules:\n  - source: /a\n    target: /b\n    code: 301   # kept\n"

    private func text(_ path: String) throws -> String { String(decoding: try AtomicFile.read(path), as: UTF8.self) }

    private func write(_ text: String, to path: String) throws { try AtomicFile.write(Array(text.utf8), to: path, overwriteReadOnly: true) }

    @Test func fmtWritesThroughASymbolicLink() throws {
        let dir = TestSupport.tempDir()
        try write(unformatted, to: dir + "/real.yaml")
        symlink("real.yaml", dir + "/link.yaml")
        let r = try CLIRunner.run(["fmt", "link.yaml"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/link.yaml") == "real.yaml")
        #expect(try text(dir + "/real.yaml") == formatted)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["link.yaml", "real.yaml"])
    }

    @Test func fmtRefusesAReadOnlyFileUnlessForced() throws {
        let dir = TestSupport.tempDir()
        let path = dir + "/r.yaml"
        try write(unformatted, to: path)
        chmod(path, 0o444)
        let refused = try CLIRunner.run(["fmt", path])
        #expect(refused.status == 2)
        #expect(refused.stderr == "\(path) is read-only; nothing was written (--force writes it anyway)\n")
        #expect(try text(path) == unformatted)
        #expect(try CLIRunner.run(["fmt", "--force", path]).status == 0)
        #expect(try text(path) == formatted)
        var st = stat()
        stat(path, &st)
        #expect(st.st_mode & 0o777 == 0o444)
    }

    @Test func convertOntoAnExistingFileAsksForForce() throws {
        let dir = TestSupport.tempDir()
        let out = dir + "/out.csv"
        try write("id,source,target,code\nmine,/m,/n,301\n", to: out)
        let refused = try CLIRunner.run(["convert", "examples/api-migration.yaml", out])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("\(out): already exists; use --force to overwrite it"))
        #expect(try text(out) == "id,source,target,code\nmine,/m,/n,301\n")
        let forced = try CLIRunner.run(["convert", "examples/api-migration.yaml", out, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(
            try RuleFileDocument.load(path: out).ruleSet.rules.map(\.id)
                == RuleFileDocument.load(path: TestSupport.example("api-migration.yaml")).ruleSet.rules.map(\.id))
    }

    @Test func convertOntoALinkKeepsTheLink() throws {
        let dir = TestSupport.tempDir()
        try write("rules: []\n", to: dir + "/real.yaml")
        symlink(dir + "/real.yaml", dir + "/link.yaml")
        let r = try CLIRunner.run(["convert", "examples/site-migration.csv", dir + "/link.yaml", "--force"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/link.yaml") == dir + "/real.yaml")
        #expect(try RuleFileDocument.load(path: dir + "/real.yaml").ruleSet.rules.count == 12_000)
    }

    @Test func importOutputFollowsTheSameRules() throws {
        let dir = TestSupport.tempDir()
        let conf = dir + "/site.conf"
        try write("server {\n    server_name example.com;\n    location = /old { return 301 /new; }\n}\n", to: conf)
        let out = dir + "/imported.yaml"
        try write("rules: []\n", to: out)
        let refused = try CLIRunner.run(["import", "nginx", conf, "-o", out])
        #expect(refused.status == 2 && refused.stderr.contains("already exists; use --force"))
        #expect(try text(out) == "rules: []\n")
        let forced = try CLIRunner.run(["import", "nginx", conf, "-o", out, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try RuleFileDocument.load(path: out).ruleSet.rules.map(\.target.description) == ["/new"])
    }

    @Test func aYAMLFileThatStartsWithAByteOrderMarkLoads() throws {
        let dir = TestSupport.tempDir()
        let path = dir + "/bom.yaml"
        try AtomicFile.write(
            [0xEF, 0xBB, 0xBF] + Array("site:\n  hosts: [example.com]\nrules:\n  - id: a\n    source: /a\n    target: /b\n    code: 301\n".utf8),
            to: path)
        let list = try CLIRunner.run(["list", path])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("/a"))
        #expect(try CLIRunner.run(["check", path, "--now", "2026-01-01T00:00:00Z"]).status == 0)
        #expect(try CLIRunner.run(["fmt", "--check", path]).status == 0)
    }

    @Test func exportOntoARegularFileExitsTwo() throws {
        let dir = TestSupport.tempDir()
        let file = dir + "/not-a-dir"
        try write("keep me\n", to: file)
        let r = try CLIRunner.run(["export", "examples/api-migration.yaml", "--to", "nginx", "-o", file, "--now", "2026-01-01T00:00:00Z"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(file) is a file, not a directory"))
        #expect(try text(file) == "keep me\n")
    }

    private let simpleRules = "site:\n  hosts: [example.com]\nrules:\n  - id: a\n    source: /a\n    target: /b\n    code: 301\n"

    @Test func exportToStandardOutputWritesTheOneConfigFile() throws {
        let dir = TestSupport.tempDir()
        let rules = dir + "/r.yaml"
        try write(simpleRules, to: rules)
        let args = ["export", rules, "--to", "caddy", "--now", "2026-01-01T00:00:00Z"]
        let piped = try CLIRunner.run(args + ["-o", "-"])
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(try CLIRunner.run(args + ["-o", dir]).status == 0)
        // Byte for byte the file a directory export writes; the summary went to stderr.
        #expect(piped.stdout == (try text(dir + "/detour.caddy")))
        #expect(piped.stderr.contains("caddy:") && piped.stderr.contains("to stdout"))
        let several = try CLIRunner.run(["export", rules, "--to", "nginx", "-o", "-", "--now", "2026-01-01T00:00:00Z"])
        #expect(several.status == 2)
        #expect(several.stdout.isEmpty)
        #expect(several.stderr.contains("-o -: this nginx export is 2 files (detour-http.conf, detour-server.conf)"))
        let standalone = try CLIRunner.run(args + ["-o", "-", "--standalone"])
        #expect(standalone.status == 2 && standalone.stderr.contains("a standalone export keeps its runtime files in a directory"))
    }

    @Test func aFailedExportWriteExitsTwo() throws {
        let dir = TestSupport.tempDir()
        try write("keep me\n", to: dir + "/file")
        try write(simpleRules, to: dir + "/r.yaml")
        // The directory's parent is a regular file: nothing can be created under it.
        let r = try CLIRunner.run(["export", dir + "/r.yaml", "--to", "caddy", "-o", dir + "/file/out", "--now", "2026-01-01T00:00:00Z"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("is a file, not a directory"))
    }

    /// Another program appends a rule while `fmt` formats a big file: either fmt read the file
    /// after the append (and kept the rule), or it refuses with exit 2 and the append is on disk.
    @Test func fmtNeverLosesAConcurrentAppend() throws {
        let dir = TestSupport.tempDir()
        let path = dir + "/big.yaml"
        // Unformatted by key order only, so that the appended item fits before and after formatting.
        let rules = (0..<50_000).map { "  - code: 301\n    id: r\($0)\n    source: /old/\($0)\n    target: /new/\($0)\n" }.joined()
        let original = "rules:\n" + rules
        let theirs = "  - id: theirs\n    source: /theirs\n    target: /x\n    code: 301\n"
        var refused = 0
        for attempt in 0..<3 {
            try write(original, to: path)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: CLIRunner.binary)
            p.arguments = ["fmt", path]
            let err = Pipe()
            p.standardError = err
            try p.run()
            usleep(useconds_t(100_000 + attempt * 150_000))
            let handle = FileHandle(forWritingAtPath: path)!
            handle.seekToEndOfFile()
            handle.write(Data(theirs.utf8))
            handle.closeFile()
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            let ids = try RuleFileDocument.load(path: path).ruleSet.rules.map(\.id)
            if p.terminationStatus == 2 {
                refused += 1
                #expect(message == "\(path) changed on disk since it was read (another program wrote it); nothing was written\n")
                #expect(try text(path) == original + theirs)
            } else {
                #expect(p.terminationStatus == 0, "\(message)")
                // The append came first and fmt formatted it too; or it came after the rename.
                #expect(ids.last == "theirs", "the other writer's rule was lost (attempt \(attempt))")
            }
            #expect(ids.count == 50_001)
        }
        #expect(refused >= 1, "no append landed while fmt was working")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["big.yaml"])
    }
}
