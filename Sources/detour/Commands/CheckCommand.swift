import ArgumentParser
import DetourCore

/// `detour check FILE`: every check of DESIGN §5, as text, JSON or SARIF; a CI gate by exit status.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a rule file: open redirects, loops, chains, shadowed rules, caching and method pitfalls.",
        discussion: """
            Exit statuses: 0 no errors; 1 errors (or warnings with --strict); 2 the file could not be read.

            Examples:
              detour check redirects.yaml
              detour check redirects.yaml --format sarif > detour.sarif
              detour check redirects.yaml --only DT001,DT010 --now 2026-12-01T00:00:00Z
              detour check redirects.yaml --skip DT023 --strict
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, sarif }

    @Argument(help: "The rule file (.yaml or .csv).") var file: String
    @Option(help: "text (grouped by rule), json (DESIGN §5) or sarif (SARIF 2.1.0).") var format: Format = .text
    @Flag(help: "Treat warnings as errors for the exit status.") var strict = false
    @Option(help: "Run only these checks (comma-separated ids, e.g. DT001,DT010).") var only: String?
    @Option(help: "Skip these checks (comma-separated ids).") var skip: String?
    @Option(help: "The clock for expiry checks, RFC 3339 (default: now).") var now: String?

    func validate() throws {
        for list in [only, skip].compactMap({ $0 }) {
            for id in CheckCommand.ids(list) where Validator.check(id) == nil {
                throw ValidationError("unknown check '\(id)'; checks are " + Validator.allChecks.map(\.id).joined(separator: ", "))
            }
        }
        if let now, Timestamp(rfc3339: now) == nil {
            throw ValidationError("--now must be an RFC 3339 time like 2026-12-31T00:00:00Z, found '\(now)'")
        }
    }

    static func ids(_ list: String) -> [String] {
        list.split(separator: ",").map { $0.trimmingCharacters(in: " ").uppercased() }.filter { !$0.isEmpty }
    }

    func run() throws {
        let doc = try CLI.load(file)
        let clock = now.flatMap { Timestamp(rfc3339: $0) } ?? .now()
        let validator = Validator(now: clock, exportCapabilities: ExporterCapabilityReport.forExports(of: doc.ruleSet.site)).selecting(
            only: only.map { Set(CheckCommand.ids($0)) }, skip: Set(skip.map(CheckCommand.ids) ?? []))
        let findings = validator.validate(doc.ruleSet)
        // Only to place findings (and for SARIF): a clean 10⁶-rule file is not read a second time.
        let bytes = findings.isEmpty && format != .sarif ? [] : (try? AtomicFile.read(file)) ?? []
        let isYAML = doc.format == .yaml
        let locator = FindingLocator(fileBytes: bytes, isYAML: isYAML)
        switch format {
        case .text: print(FindingsReport.text(findings, file: file, color: CLI.useColor, locator: locator), terminator: "")
        case .json: print(FindingsReport.json(findings, file: file, locator: locator))
        case .sarif:
            print(
                SARIFReport.render(
                    findings, checks: validator.checks, file: file, fileBytes: bytes, isYAML: isYAML, version: DetourVersion.package,
                    fixedText: { doc.render($0.apply(to: doc.ruleSet)) }), terminator: "")
        }
        let counts = FindingsReport.counts(findings)
        if counts[.error]! > 0 || (strict && counts[.warning]! > 0) { throw CLI.findings }
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var s = self
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
