/// The rule file `detour suggest` writes for review: the site block of the rule file, each
/// suggested rule under comments with its confidence, reason and hits, then the 404 paths left
/// without a suggestion and those the check turned down, as comments.
public enum SuggestionFile {
    public static func render(_ result: SuggestionResult, ruleSet: RuleSet, file: String, log: String, pagesSource: String) -> String {
        var out = "# Suggested by `detour suggest` from the 404s of \(log), for \(file).\n"
        out += "# Pages of the new site: \(pagesSource). Review each rule, then copy the ones you keep into \(file).\n"
        out += "# Each was checked: appended to \(file), the validator finds no error involving it and the\n"
        out += "# simulator sends every path it covers to the page named.\n"
        let site = RuleYAMLWriter.siteEntries(ruleSet.site)
        if !site.isEmpty {
            out += "site:\n"
            for e in site { for l in e.lines { out += "  " + l + "\n" } }
        }
        out += "rules:" + (result.suggestions.isEmpty ? " []\n" : "\n")
        for s in result.suggestions {
            out += "  # confidence \(PageMatcher.twoDecimals(s.confidence)): \(s.why); \(s.hits) hit\(s.hits == 1 ? "" : "s") in the log\n"
            for c in s.covers.sorted(by: { ($0.hits, $1.path) > ($1.hits, $0.path) }).prefix(s.covers.count > 1 ? 10 : 0) {
                out += "  #   \(c.path) (\(c.hits)) → \(c.target)\n"
            }
            if s.covers.count > 10 { out += "  #   … \(s.covers.count - 10) more\n" }
            out += RuleYAMLWriter.item(RuleYAMLWriter.entries(for: s.rule), indent: 2)
        }
        if !result.unmatched.isEmpty {
            out += "\n# No page found for \(result.unmatched.count) 404 path\(result.unmatched.count == 1 ? "" : "s") (hits):\n"
            for u in result.unmatched.prefix(50) { out += "#   \(u.path) (\(u.hits))\n" }
            if result.unmatched.count > 50 { out += "#   … \(result.unmatched.count - 50) more\n" }
        }
        if !result.rejected.isEmpty {
            out += "\n# Turned down by the check:\n"
            for r in result.rejected { out += "#   \(r.suggestion.rule.source.text) → \(r.suggestion.rule.target.text): \(r.reason)\n" }
        }
        return out
    }
}
