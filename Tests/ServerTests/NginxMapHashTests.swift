import Foundation
import Testing

@testable import DetourCore
@testable import DetourVerify

/// The hash settings at the top of the nginx export let nginx build its exact-path maps as sized:
/// `nginx -t` on the bundled 12 000-rule site migration warns about nothing (it said "could not
/// build optimal map_hash … ignoring map_hash_bucket_size" when a bucket had room for two keys).
@Suite("nginx map hash sizing", .serialized, needsServers)
struct NginxMapHashTests {
    @Test("nginx -t on the 12 000-rule site migration warns about no map hash")
    func siteMigrationBuildsItsMapsWithoutWarnings() throws {
        try #require(ServerTestSupport.installed(.nginx), "nginx is not installed")
        let (set, _) = try ServerTestSupport.load(ServerTestSupport.example("site-migration.csv"))
        let dir = ServerTestSupport.tempDir("map-hash")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let options = ExportOptions(
            directory: dir, now: Timestamp(rfc3339: "2026-06-01T00:00:00Z")!, standaloneListen: ListenAddress(host: "127.0.0.1", port: 18080))
        let output = try NginxExporter().export(set, options: options)
        #expect(output.exportedRuleCount == 12_000)
        for f in output.files {
            try Data(f.contents.utf8).write(to: URL(fileURLWithPath: dir + "/" + f.name))
        }
        var command = ServerKind.nginx.target.syntaxCheckArguments(directory: dir)
        command[0] = try #require(ServerBinary.path(of: "nginx"))
        let (status, messages) = try ProcessRunner.run(command, directory: dir)
        #expect(status == 0, "\(messages)")
        #expect(!messages.contains("map_hash"), "\(messages)")
    }
}
