// Load → check → export through DetourCore's public API, exiting non-zero when a step does not
// give what a user of the library would expect.
import DetourCore

#if canImport(Glibc)
    import Glibc
#endif

func fail(_ message: String) -> Never {
    print("consumer: \(message)")
    exit(1)
}

// The directory to work in (the check script passes one it removes afterwards).
let directory = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "/tmp/detour-consumer-\(getpid())"
mkdir(directory, 0o755)
let path = directory + "/rules.csv"
let csv = """
    id,source,target,code
    old-shoes,/shop/shoes/old-runner,/products/runner,301
    blog,/blog/*,/journal/*,302
    loop,/loop,/loop,301

    """
do {
    _ = try AtomicFile.write(Array(csv.utf8), to: path)
} catch {
    fail("cannot write \(path): \(error)")
}

let document: RuleFileDocument
do {
    document = try RuleFileDocument.load(path: path)
} catch {
    fail("load failed: \(error)")
}
let rules = document.ruleSet.rules
guard rules.map(\.id) == ["old-shoes", "blog", "loop"], rules[0].source.text == "/shop/shoes/old-runner",
    rules[1].target.text == "/journal/*"
else {
    fail("loaded rules are not the file's: \(rules.map { "\($0.id) \($0.source.text) \($0.target.text)" })")
}

let findings = Validator().validate(document.ruleSet)
guard findings.contains(where: { $0.check == "DT060" && $0.rules == ["loop"] }) else {
    fail("the validator missed the self-redirect of rule 'loop': \(findings.map { "\($0.check) \($0.rules)" })")
}
print("check: \(findings.count) finding(s), \(findings.map(\.check).joined(separator: " "))")

var exportable = document.ruleSet
exportable.rules.removeAll { $0.id == "loop" }
let output: ExportOutput
do {
    output = try Exporters.exporter(for: .nginx).export(exportable, options: ExportOptions(directory: directory, sourceFile: path))
} catch {
    fail("nginx export failed: \(error)")
}
let config = output.files.map(\.contents).joined(separator: "\n")
guard config.contains("/shop/shoes/old-runner"), config.contains("/products/runner"), config.contains("journal") else {
    fail("the nginx export lacks the rules:\n\(config)")
}
// The exact-path map lines, which show the rules came through.
for line in config.split(separator: "\n") where line.contains("/shop/") || line.contains("journal") { print(line) }
print("consumer: load → check → export OK (\(rules.count) rules, \(output.files.count) nginx file(s))")
