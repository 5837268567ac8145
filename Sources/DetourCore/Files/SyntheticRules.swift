/// Realistic generated rule sets for benchmarks and scale tests: product and category moves of a
/// shop migration, with deterministic content.
public enum SyntheticRules {
    /// `count` exact rules `/shop/<category>/<slug>-<n>` → `/products/<slug>-<n>`.
    public static func exact(count: Int) -> RuleSet {
        let categories = ["shoes", "shirts", "bags", "watches", "jackets", "hats", "socks", "belts"]
        let words = ["classic", "summer", "leather", "runner", "vintage", "urban", "trail", "linen", "wool", "canvas"]
        var set = RuleSet()
        set.site.hosts = [.exact("shop.example.com"), .exact("www.shop.example.com")]
        set.rules.reserveCapacity(count)
        set.lines.reserveCapacity(count)
        for n in 0..<count {
            let slug = words[n % words.count] + "-" + words[(n / 10) % words.count]
            let src = "/shop/\(categories[n % categories.count])/\(slug)-\(n)"
            let tgt = "/products/\(slug)-\(n)"
            let rule = Rule(
                id: "p\(n)", source: Source(kind: .exact(src), text: src), target: Target(parts: [.literal(tgt)], text: tgt), code: .movedPermanently)
            set.rules.append(rule)
            set.lines.append(n + 2)
        }
        return set
    }
}
