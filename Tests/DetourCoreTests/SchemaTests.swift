import Foundation
import Testing

/// schema/redirects.schema.json accepts every example and starter file and rejects bad ones, as an
/// editor's YAML language server would (checked with python's jsonschema).
struct SchemaTests {
    func validate(_ files: [String]) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", TestSupport.repoRoot + "/scripts/validate-schema.py"] + files
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func examplesAndTheStarterFileAreValid() throws {
        let dir = TestSupport.tempDir()
        _ = try CLIRunner.run(["new", dir + "/starter.yaml"])
        let (status, output) = try validate([TestSupport.example("api-migration.yaml"), TestSupport.example("operations.yaml"), dir + "/starter.yaml"]
        )
        #expect(status == 0, "\(output)")
    }

    @Test func badFilesAreRejected() throws {
        let (status, output) = try validate([TestSupport.fixture("bad/unknown-key.yaml"), TestSupport.fixture("bad/many-errors.yaml")])
        #expect(status == 1)
        #expect(output.contains("'taget' was unexpected"))
        #expect(output.contains("'forever' does not match"))
        #expect(output.contains("'schema' was unexpected"))
    }
}
