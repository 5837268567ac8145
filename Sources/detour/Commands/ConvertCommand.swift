import ArgumentParser
import DetourCore

/// `detour convert IN OUT`: between YAML and CSV (and from WordPress/Cloudflare CSV).
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a rule file between YAML and CSV.",
        discussion: """
            The format of each side follows its extension (.csv, otherwise YAML). WordPress Redirection \
            and Cloudflare bulk-redirect CSV exports are read as input. A CSV file carries the site block \
            in `# site.hosts: …` lines before its header (docs/rule-file.md). Fields the output format \
            cannot hold are named on stderr (nothing is dropped silently). An existing OUT is refused \
            unless --force; a read-only OUT needs --force too. A symbolic link OUT is written through \
            (the link stays).
            Example:
              detour convert examples/site-migration.csv site.yaml
              detour convert examples/api-migration.yaml rules.csv
            """
    )

    @Argument(help: "The rule file to read.") var input: String
    @Argument(help: "The file to write (.yaml or .csv).") var output: String
    @Flag(help: "Overwrite OUT if it exists (even when read-only).") var force = false

    func run() throws {
        let before = try CLI.newFileStamp(output, force: force)
        let doc = try CLI.load(input)
        // A field that did not parse is carried over as typed when it is one value (a source, a
        // code, a timestamp); a broken list or mapping (methods, when, rollout, examples) has no
        // typed text to carry, so the conversion would lose it.
        let uncarried = doc.ruleSet.invalidRules.flatMap { entry in
            entry.rule.problems.filter { !RuleProblem.scalarFields.contains($0.field) }.map { (entry.rule.id, $0) }
        }
        if !uncarried.isEmpty {
            for (id, p) in uncarried {
                CLI.printError("\(input):\(p.line):\(p.column): rule '\(id)': \(p.message); fix it before converting (DT070)")
            }
            throw CLI.findings
        }
        if RuleFileDocument.Format.of(path: output) == .csv {
            for what in CSVRuleFile.unwritableSiteSettings(doc.ruleSet.site) {
                CLI.printError("\(input): \(what) cannot be written to CSV (a space or comma in its value) and is left out")
            }
            for r in doc.ruleSet.rules where r.examples.contains(where: { !$0.headers.isEmpty }) {
                CLI.printError(
                    "\(input):\(doc.ruleSet.line(ofRule: r.id)): rule '\(r.id)': example headers cannot be written to CSV and are left out")
            }
        }
        let formats = (RuleFileDocument.Format.of(path: input), RuleFileDocument.Format.of(path: output))
        if formats.0 != formats.1, doc.commentCount > 0 {
            CLI.printError(
                "\(input): \(doc.commentCount) comment\(doc.commentCount == 1 ? "" : "s") cannot be carried to \(output) and \(doc.commentCount == 1 ? "is" : "are") left out"
            )
        }
        if RuleFileDocument.Format.of(path: input) == .yaml && RuleFileDocument.Format.of(path: output) == .yaml {
            CLI.printError("both files are YAML; use 'detour fmt' to reformat a YAML file")
            throw CLI.unreadable
        }
        try CLI.writing {
            try RuleFileDocument.write(
                doc.ruleSet, to: output, options: .init(expected: before, checkConflict: true, overwriteReadOnly: force))
        }
        print("wrote \(doc.ruleSet.rules.count) rules to \(output)")
    }
}
