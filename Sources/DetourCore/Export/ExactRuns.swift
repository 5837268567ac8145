/// Runs of neighbouring plain exact rules, which exporters write as one lookup (a map file, a
/// `map`, a searched string) instead of one matcher per rule. Inside a run the paths are disjoint,
/// so regrouping them cannot change which rule answers; a path repeated later in the run is
/// dropped because the first rule of a path wins.
enum ExactRuns {
    /// The run starting at `start`: the rules from there on while `inRun` holds, grouped by `key`
    /// (what the Location needs besides the target) in order of first appearance, and the index
    /// just past the run.
    static func collect(
        _ rules: [PreparedRule], from start: Int, while inRun: (PreparedRule) -> Bool,
        key: (PreparedRule) -> String
    ) -> (groups: [[PreparedRule]], end: Int) {
        var slot: [String: Int] = [:]
        var groups: [[PreparedRule]] = []
        var seen = Set<String>()
        var j = start
        while j < rules.count, inRun(rules[j]) {
            let r = rules[j]
            if seen.insert(r.exactPath!).inserted {
                let k = key(r)
                if let s = slot[k] {
                    groups[s].append(r)
                } else {
                    slot[k] = groups.count
                    groups.append([r])
                }
            }
            j += 1
        }
        return (groups, j)
    }
}
