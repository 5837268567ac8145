import DetourCore

extension RuleSet {
    /// The same rules with the line each has in `document`, found by id, so what an export or a
    /// verify run of the editor's rules names (`rule 'x' (line 25)`) matches what the CLI says for
    /// the file; a rule added since the load has none (0). Run off the input thread: for a 10⁶-rule
    /// file whose rules moved it builds an id table.
    func withLines(of document: RuleFileDocument?) -> RuleSet {
        guard let document else { return self }
        let loaded = document.ruleSet
        var lined = self
        // An unedited or edited-in-place file keeps its order: compare position by position first.
        if loaded.rules.count == rules.count, zip(loaded.rules, rules).allSatisfy({ $0.id == $1.id }) {
            lined.lines = loaded.lines
            return lined
        }
        var lineOf: [String: Int] = [:]
        lineOf.reserveCapacity(loaded.rules.count)
        for (k, r) in loaded.rules.enumerated() where k < loaded.lines.count { lineOf[r.id] = loaded.lines[k] }
        lined.lines = rules.map { lineOf[$0.id] ?? 0 }
        return lined
    }
}
