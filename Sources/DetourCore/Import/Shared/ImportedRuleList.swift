/// The rules of an import in first-match order with unique ids `STEM-LINE` (`redirects-12`,
/// `redirects-12-2` for a second rule from the same line), as every importer names them.
struct ImportedRuleList {
    private(set) var rules: [Rule] = []
    private var ids = Set<String>()

    /// Appends `rule` under an id made from the source file's name and the line it came from.
    mutating func append(_ rule: Rule, file: String, line: Int) {
        var base = NginxTranslation.idStem(file) + "-" + String(line)
        if ids.contains(base) {
            var n = 2
            while ids.contains(base + "-" + String(n)) { n += 1 }
            base += "-" + String(n)
        }
        ids.insert(base)
        var r = rule
        r.id = base
        rules.append(r)
    }
}
