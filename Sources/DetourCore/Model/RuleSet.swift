/// A loaded rule file: site settings plus the ordered rules, with where each rule stands in the
/// file so findings and traces can point at it.
public struct RuleSet: Sendable {
    public var site: SiteSettings
    public var rules: [Rule]
    /// 1-based line of each rule in its file, parallel to `rules` (0 for rules not from a file).
    public var lines: [Int]

    public init(site: SiteSettings = SiteSettings(), rules: [Rule] = [], lines: [Int]? = nil) {
        self.site = site
        self.rules = rules
        self.lines = lines ?? Array(repeating: 0, count: rules.count)
    }

    /// The line of the rule with this id, 0 when unknown.
    public func line(ofRule id: String) -> Int {
        guard let i = rules.firstIndex(where: { $0.id == id }) else { return 0 }
        return lines[i]
    }
}
