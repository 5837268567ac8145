import ArgumentParser
import DetourCore
import DetourVerify

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
                rows.append(.init(target: target.name, result: .success(tally), folder: write ? target.name : nil, note: note))
            } catch let refusal as ExportRefusal {
                for e in refusal.errors { CLI.printError("\(file): \(target.name): \(e)") }
                wroteEveryFolder = false
                rows.append(.init(target: target.name, result: .failure(refusal), folder: nil, note: note))
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
}
