import Foundation
import Testing

@testable import DetourCore
@testable import DetourVerify

/// DetourVerify as the editor uses it: in-process, with progress, and cancellable — a cancelled
/// run stops sending, stops the server it started and removes its temporary directory.
@Suite("Verifier library: progress and cancellation", .serialized, needsServers)
struct VerifierLibraryTests {
    /// The processes this test process started whose working directory is a temporary verify
    /// directory (the server, then its workers), and that directory.
    static func verifyServers() -> (pids: [Int32], directory: String?) {
        var pids: [Int32] = []
        var directory: String?
        var parents: Set<Int32> = [getpid()]
        // Two passes: the server is our child, its workers are the server's children.
        for _ in 0..<2 {
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
                guard let pid = Int32(entry), !pids.contains(pid), let ppid = parentPID(pid), parents.contains(ppid),
                    let cwd = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd"),
                    cwd.hasPrefix("/tmp/detour-verify-nginx-")
                else { continue }
                pids.append(pid)
                directory = cwd
            }
            parents.formUnion(pids)
        }
        return (pids, directory)
    }

    static func parentPID(_ pid: Int32) -> Int32? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 1 ? Int32(fields[1]) : nil
    }

    /// Whether `pid` still runs (a zombie waiting for init to reap it has stopped).
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
    }

    final class Recorder: @unchecked Sendable {
        var reports: [VerifyProgress] = []
        var cancelled = false
        var server: (pids: [Int32], directory: String?) = ([], nil)
    }

    @Test("progress counts every request up to the total, and the result matches it")
    func progressReports() throws {
        try #require(ServerTestSupport.installed(.nginx), "nginx is not installed")
        let path = ServerTestSupport.fixture("every-feature.yaml")
        let (set, bytes) = try ServerTestSupport.load(path)
        let recorder = Recorder()
        let result = try Verifier(ruleSet: set, target: NginxTarget(), sourceFile: path, sourceBytes: bytes)
            .run(progress: { recorder.reports.append($0) })
        #expect(result.allAgree && result.agreed == result.total)
        #expect(result.summary.hasPrefix("nginx: ") && result.summary.hasSuffix(" agree"))
        #expect(recorder.reports.first == VerifyProgress(sent: 0, total: result.total))
        #expect(recorder.reports.last == VerifyProgress(sent: result.total, total: result.total))
        #expect(recorder.reports.map(\.sent) == recorder.reports.map(\.sent).sorted())
        #expect(recorder.reports.count > 50)
    }

    @Test("cancelling while requests are sent stops them, stops the server by its PID and removes the temporary directory")
    func cancelDuringRequests() throws {
        try #require(ServerTestSupport.installed(.nginx), "nginx is not installed")
        let path = ServerTestSupport.example("site-migration.csv")
        let (set, bytes) = try ServerTestSupport.load(path)
        let recorder = Recorder()
        var verifier = Verifier(ruleSet: set, target: NginxTarget(), sourceFile: path, sourceBytes: bytes)
        verifier.probeLimit = 3000
        #expect(throws: VerifyError.self) {
            try verifier.run(
                progress: { p in
                    recorder.reports.append(p)
                    // Cancel once a few requests went out, noting the running server first.
                    if p.sent >= 60 && !recorder.cancelled {
                        recorder.server = Self.verifyServers()
                        recorder.cancelled = true
                    }
                }, isCancelled: { recorder.cancelled })
        }
        let total = try #require(recorder.reports.first?.total)
        let sent = try #require(recorder.reports.last?.sent)
        #expect(total > 1000)
        #expect(sent < 100, "no request after the cancellation but the one in flight")
        #expect(!recorder.server.pids.isEmpty, "nginx was running when cancelled")
        for pid in recorder.server.pids { #expect(!Self.isRunning(pid), "process \(pid) of the cancelled run still runs") }
        let dir = try #require(recorder.server.directory)
        #expect(!FileManager.default.fileExists(atPath: dir), "the temporary directory \(dir) is removed")
    }

    @Test("cancelling before the server starts sends nothing and leaves no server behind")
    func cancelBeforeStart() throws {
        try #require(ServerTestSupport.installed(.nginx), "nginx is not installed")
        let (set, bytes) = try ServerTestSupport.load(ServerTestSupport.example("api-migration.yaml"))
        var reported = false
        do {
            _ = try Verifier(ruleSet: set, target: NginxTarget(), sourceFile: "api", sourceBytes: bytes)
                .run(progress: { _ in reported = true }, isCancelled: { true })
            Issue.record("a cancelled run returned a result")
        } catch VerifyError.cancelled {
        }
        #expect(!reported, "no request was sent")
        #expect(Self.verifyServers().pids.isEmpty)
    }
}

/// A server whose program is not installed is named as such before anything is exported or run.
@Suite("Verifier library: a missing server")
struct VerifierMissingServerTests {
    struct UninstalledTarget: ServerTarget {
        var kind: ServerKind { ServerKind(declaring: "nowhere") }
        var exporter: any Exporter { NginxExporter() }
        var regexEngine: RegexEngineLimits { .pcre2("nothing runs") }
        var observedView: ServerView { NginxTarget().observedView }
        var exportedLocationForm: ServerView.LocationForm { .asWritten }
        var rollout: RolloutDecider { .canonical }
        var program: String { "detour-no-such-server" }
        var package: String { "detour-no-such-package" }
        var standaloneMainFile: String { "nowhere.conf" }
        func startArguments(directory: String, listen: ListenAddress) -> [String] { [program, directory] }
        func syntaxCheckArguments(directory: String) -> [String] { [program, "-t", directory] }
    }

    @Test("verify says the server is not installed and how to install it")
    func missing() throws {
        let rule = Rule(id: "a", source: Source(kind: .exact("/a"), text: "/a"), target: Target(parts: [.literal("/b")], text: "/b"), code: .found)
        #expect(!Verifier.isInstalled(UninstalledTarget()))
        do {
            _ = try Verifier(ruleSet: RuleSet(rules: [rule]), target: UninstalledTarget(), sourceFile: "rules.yaml", sourceBytes: []).run()
            Issue.record("verify ran a server that is not installed")
        } catch let e as VerifyError {
            #expect(e.description == "nowhere is not installed (apt-get install detour-no-such-package)")
        }
    }
}
