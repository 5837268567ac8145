import ArgumentParser
import DetourCore
import DetourVerify
import Foundation

/// `detour export FILE --to all -o DIR`: every registered target in turn, each into `DIR/<name>`,
/// then the summary table on stdout and in `DIR/SUMMARY.md`. Targets come from `ServerTargets.all`,
/// so a target added there appears here without a change.
struct ExportAllTargets {
    let file: String
    let output: String
    let lenient: Bool

    func run(_ set: RuleSet, options: ExportOptions) throws {
        var rows: [ExportSummaryTable.Row] = []
        var wroteEveryFolder = true
        for target in ServerTargets.all {
            var targetOptions = options
            targetOptions.directory = options.directory + "/" + target.name
            // Always export leniently to learn every refusal; the folder is written only when the
            // export is complete or --lenient asked for the rest, as `--to TARGET` would.
            targetOptions.lenient = true
            let note = target.exportSummary(for: set)
            do {
                let out = try target.exporter.export(set, options: targetOptions)
                let tally = ExportTally(out, target: target)
                let write = tally.isComplete || lenient
                if write { try CLI.writing(hasForce: false) { try ExportFiles.write(out, to: targetOptions.directory) } }
                wroteEveryFolder = wroteEveryFolder && write
                let stale = write ? "" : staleFolderWarning(target, targetOptions.directory)
                rows.append(
                    .init(
                        target: target.name, result: .success(tally), folder: write ? target.name : nil,
                        note: [note, stale].filter { !$0.isEmpty }.joined(separator: " ")))
            } catch let refusal as ExportRefusal {
                for e in refusal.errors { CLI.printError("\(file): \(target.name): \(e)") }
                wroteEveryFolder = false
                let stale = staleFolderWarning(target, targetOptions.directory)
                rows.append(
                    .init(
                        target: target.name, result: .failure(refusal), folder: nil, note: [note, stale].filter { !$0.isEmpty }.joined(separator: " ")
                    ))
            }
        }
        let table = ExportSummaryTable(rows: rows, sourceFile: file)
        try CLI.writing(hasForce: false) {
            try ExportFiles.makeDirectories(options.directory)
            _ = try AtomicFile.write(Array(table.markdown.utf8), to: options.directory + "/SUMMARY.md")
        }
        print(table.table, terminator: "")
        let written = rows.filter { $0.folder != nil }.count
        print("\(written) of \(rows.count) targets written to \(output); summary in \(output)/SUMMARY.md")
        if !wroteEveryFolder {
            CLI.printError("some targets refused rules: no folder for them (--lenient writes what they can express)")
            throw CLI.findings
        }
    }

    /// A target that writes no folder this time may still have one from an earlier run: deploying
    /// it would ship rules this file no longer has, so it is named on stderr and in the summary
    /// (not deleted: the folder may hold files a user added).
    private func staleFolderWarning(_ target: any ServerTarget, _ directory: String) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else { return "" }
        let folder = output + "/" + target.name
        CLI.printError("\(folder): holds an earlier export that this run did not replace; remove it before deploying")
        return "Not replaced: \(target.name)/ holds an earlier export; remove it before deploying."
    }
}
