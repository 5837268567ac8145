import ArgumentParser
import DetourCore

/// `detour add FILE --source … --target …`: appends one rule without opening the editor.
struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Append a rule to a rule file, keeping its comments and order.",
        discussion: """
            The rule is written at the end of the file (YAML or CSV); every other line stays as it was. \
            Each option takes the text the editor's form and the CSV columns take. A rule that would \
            cause an error finding of 'detour check' is not added: the findings are listed and the exit \
            status is 1; --force adds it anyway (and also writes a read-only file). Exit status 2: an \
            option that cannot be read, an id that is taken, or a file that could not be written \
            (another program changed it meanwhile, or it is read-only).
            Examples:
              detour add redirects.yaml --source /old --target /new --code 301
              detour add rules.csv --source '/docs/*' --target 'https://docs.example.com/*' --code 308 --id docs-move
              detour add redirects.yaml --source /sale --target /offers --expires 2026-12-31T00:00:00Z --cache no-store
            """
    )

    @Argument(help: "The rule file (.yaml or .csv).") var file: String
    @Option(help: "The request path that matches: /exact, /prefix/* or ~regex.") var source: String
    @Option(help: "Where the client is sent: a path or an absolute URL.") var target: String
    @Option(help: "301, 302, 303, 307 or 308 (default 302, as for a new rule in the editor).") var code: String = "302"
    @Option(help: "The rule's id (default: rule-N, the next free one).") var id: String?
    @Option(help: "The request host the rule applies to (default: any of the site's).") var host: String?
    @Option(help: "Only these methods, e.g. 'GET, HEAD'.") var methods: String?
    @Option(help: "Conditions, e.g. 'header:X-Env=beta; cookie:uid=*'.") var when: String?
    @Option(help: "The Cache-Control of the redirect: none, no-store, max-age=N, …") var cache: String?
    @Option(help: "From when the rule is active (RFC 3339 UTC).") var starts: String?
    @Option(help: "Until when the rule is active (RFC 3339 UTC).") var expires: String?
    @Option(help: "Why the rule exists.") var note: String?
    @Option(help: "The clock for the checks, RFC 3339 (default: now).") var now: String?
    @Flag(help: "Add the rule even when it causes error findings; write a read-only file.") var force = false

    func run() throws {
        var doc = try CLI.load(file)
        let clock = try CLI.clock(now)
        let rule = try newRule(in: doc.ruleSet)
        var set = doc.ruleSet
        set.rules.append(rule)
        set.lines.append(0)
        // Checked on the file as it would be written, so findings name the lines it will have.
        let rendered = doc.render(set)
        let preview = (try? RuleFileDocument(path: file, bytes: rendered))?.ruleSet ?? set
        let validator = Validator(now: clock, exportCapabilities: ExporterCapabilityReport.forExports(of: preview.site))
        let findings = validator.validate(preview).filter { $0.severity == .error && $0.rules.contains(rule.id) }
        if !findings.isEmpty && !force {
            let locator = FindingLocator(fileBytes: rendered, isYAML: doc.format == .yaml)
            CLI.printError(FindingsReport.text(findings, file: file, color: false, locator: locator))
            CLI.printError("\(file): rule '\(rule.id)' not added (it causes the errors above); --force adds it anyway")
            throw CLI.findings
        }
        try CLI.writing { try doc.save(set, overwriteReadOnly: force) }
        print("added rule '\(rule.id)' to \(file) (line \(doc.ruleSet.line(ofRule: rule.id)))")
    }

    /// The rule the options describe, read field by field in the table's order (a target is read
    /// knowing its source).
    private func newRule(in set: RuleSet) throws -> Rule {
        let given: [String: String?] = [
            "id": id ?? nextFreeID(set), "host": host, "source": source, "target": target, "code": code, "methods": methods,
            "when": when, "cache": cache, "starts": starts, "expires": expires, "note": note
        ]
        if let taken = set.rules.firstIndex(where: { $0.id == given["id"]! }) {
            CLI.printError("--id: '\(set.rules[taken].id)' is already the id of the rule at line \(set.lines[taken]) of \(file)")
            throw CLI.unreadable
        }
        var rule = Rule(
            id: "new", source: try! Source.parse("/"), target: try! Target.parse("/", captureCount: 0, sourceIsPrefix: false), code: .found)
        for column in RuleFieldTable.columns {
            guard let text = given[column.name] ?? nil else { continue }
            do { try column.read(text, into: &rule) } catch {
                CLI.printError("--\(column.name): \(error.message)")
                throw CLI.unreadable
            }
        }
        return rule
    }

    private func nextFreeID(_ set: RuleSet) -> String {
        let ids = Set(set.rules.map(\.id))
        var n = set.rules.count + 1
        while ids.contains("rule-\(n)") { n += 1 }
        return "rule-\(n)"
    }
}
