import DetourCore
import DetourVerify
import Foundation

/// The export dialog's jobs, run off the input path: the lenient preview export, writing the files
/// atomically into a directory, and verify against the real server (DetourVerify, in-process).
enum ExportWork {
    static func preview(_ set: RuleSet, server: ServerKind, directory: String, sourceFile: String) -> Result<ExportPreview, ExportJobError> {
        do {
            return .success(
                try ExportPreview.make(
                    set, server: server, directory: ExportFiles.absolute(directory), sourceFile: sourceFile,
                    sourceSHA256: ExportFileHash.sha256Hex((try? AtomicFile.read(sourceFile)) ?? [])))
        } catch {
            return .failure(ExportJobError(message: "export to \(server.name): \(error)"))
        }
    }

    /// Every target's sentence on what it keeps of the rules, in `ServerKind.allCases` order; nil
    /// when cancelled part-way (the dialog closed or the rules changed).
    static func summaries(_ set: RuleSet, isCancelled: () -> Bool) -> [String]? {
        var out: [String] = []
        for kind in ServerKind.allCases {
            if isCancelled() { return nil }
            out.append(kind.target.exportSummary(for: set))
        }
        return out
    }

    static func existing(names: [String], in directory: String) -> [String] {
        names.filter { FileManager.default.fileExists(atPath: ExportFiles.absolute(directory) + "/" + $0) }
    }

    /// Exports again for the final directory (standalone paths depend on it) and writes each file
    /// atomically; returns the number of files or the error.
    static func write(_ set: RuleSet, server: ServerKind, directory: String, sourceFile: String) -> Result<Int, ExportJobError> {
        let dir = ExportFiles.absolute(directory)
        do {
            var options = ExportOptions(directory: dir, sourceFile: sourceFile, lenient: true)
            options.sourceSHA256 = ExportFileHash.sha256Hex((try? AtomicFile.read(sourceFile)) ?? [])
            let output = try Exporters.exporter(for: server).export(set, options: options)
            try ExportFiles.write(output, to: dir)
            return .success(output.files.count)
        } catch {
            return .failure(ExportJobError(message: "not written to \(directory): \(error)"))
        }
    }

    /// Verifies the rules as they are in the editor (saved or not) against the real server, as
    /// `detour verify --limit 2000` would; returns the lines it would print and whether every
    /// request agreed. Cancelling stops the server and ends the run early.
    static func verify(
        _ set: RuleSet, server: ServerKind, sourceFile: String, progress: (VerifyProgress) -> Void = { _ in },
        isCancelled: () -> Bool
    ) -> (lines: [String], agreed: Bool) {
        let target = server.target
        guard target.runsLocally else { return (["verify: \(VerifyError.platform(target.kind))"], false) }
        guard Verifier.isInstalled(target) else { return (["\(target.program) is not installed here: verify needs the real server"], false) }
        // Rules with fields that did not parse (DT070) are neither exported nor probed.
        var verifier = Verifier(
            ruleSet: set.withoutInvalidRules(), target: target, sourceFile: sourceFile, sourceBytes: (try? AtomicFile.read(sourceFile)) ?? [])
        verifier.probeLimit = 2000
        let result: VerifyResult
        do {
            result = try verifier.run(progress: progress, isCancelled: isCancelled)
        } catch {
            return (["verify: \(error)"], false)
        }
        var lines = result.omissions.map { "\(sourceFile): \($0) (not verified)" }
        lines += result.disagreements.map { "DISAGREE \($0)" }
        lines.append(result.summary)
        return (Array(lines.suffix(20)), result.allAgree)
    }
}

/// A failed export job, with the message for the status line.
struct ExportJobError: Error {
    let message: String
}
