/// One `RewriteRule Pattern Substitution [flags]` as written, its flags read.
struct ApacheRewriteRule {
    let directive: ApacheDirective
    /// The pattern without its leading `!`.
    let pattern: String
    let negated: Bool
    let substitution: String
    /// Lower-cased canonical flag names (`r`, `l`, `nc`, …) and their values.
    let flags: [String: String]
    /// Every `[E=NAME:value]` in order (a rule may set several).
    var environment: [(name: String, value: String)] = []

    /// mod_rewrite's flags, long names mapped to the short ones.
    static let knownFlags: [String: String] = [
        "b": "b", "bnp": "bnp", "backrefnoplus": "bnp", "bctls": "bctls", "bne": "bne", "c": "c", "chain": "c", "co": "co",
        "cookie": "co", "dpi": "dpi", "discardpath": "dpi", "e": "e", "env": "e", "end": "end", "f": "f", "forbidden": "f", "g": "g",
        "gone": "g", "h": "h", "handler": "h", "l": "l", "last": "l", "n": "n", "next": "n", "nc": "nc", "nocase": "nc", "ne": "ne",
        "noescape": "ne", "ns": "ns", "nosubreq": "ns", "p": "p", "proxy": "p", "pt": "pt", "passthrough": "pt", "qsa": "qsa",
        "qsappend": "qsa", "qsd": "qsd", "qsdiscard": "qsd", "qsl": "qsl", "qslast": "qsl", "r": "r", "redirect": "r", "s": "s",
        "skip": "s", "t": "t", "type": "t", "unsafeallow3f": "unsafeallow3f", "unsafeprefixstat": "unsafeprefixstat"
    ]

    static func parse(_ d: ApacheDirective) throws -> ApacheRewriteRule {
        guard d.args.count == 2 || d.args.count == 3 else {
            throw ImportError(
                file: d.file, line: d.line, column: d.column, message: "RewriteRule takes a pattern, a substitution and optional [flags]")
        }
        var flags: [String: String] = [:]
        var environment: [(name: String, value: String)] = []
        if d.args.count == 3 {
            for flag in try ApacheFlags.split(d.args[2], directive: d, argument: 2) {
                guard let name = knownFlags[flag.name.lowercased()] else {
                    throw ImportError(file: d.file, line: d.line, column: d.argColumns[2], message: "unknown RewriteRule flag '\(flag.name)'")
                }
                flags[name] = flag.value ?? ""
                if name == "e", let value = flag.value {
                    let parts = value.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                    environment.append((String(parts[0]), parts.count == 2 ? String(parts[1]) : ""))
                }
            }
        }
        var pattern = d.args[0]
        let negated = pattern.hasPrefix("!")
        if negated { pattern.removeFirst() }
        var rule = ApacheRewriteRule(directive: d, pattern: pattern, negated: negated, substitution: d.args[1], flags: flags)
        rule.environment = environment
        return rule
    }

    /// The redirect status: `[R]` alone is 302; nil when the rule does not redirect; a failure for
    /// an `R=` outside the redirects Detour models.
    var redirectCode: Result<StatusCode, ImportWhy>? {
        guard let value = flags["r"] else {
            let lower = substitution.lowercased()
            // An absolute URL is an external redirect even without R (mod_rewrite's 302).
            return lower.hasPrefix("http://") || lower.hasPrefix("https://") ? .success(.found) : nil
        }
        switch value.lowercased() {
        case "": return .success(.found)
        case "permanent": return .success(.movedPermanently)
        case "temp": return .success(.found)
        case "seeother": return .success(.seeOther)
        default:
            guard let n = Int(value) else { return .failure(ImportWhy("R=\(value) is not a status")) }
            if let code = StatusCode(rawValue: n) { return .success(code) }
            return .failure(ImportWhy("R=\(n) answers \(n), which is not one of the redirects Detour models (301, 302, 303, 307, 308)"))
        }
    }

    /// Whether the rule stops the rewriting of matching requests (`L`, `END`, or an answer of its own).
    var stops: Bool { ["l", "end", "f", "g", "p"].contains { flags[$0] != nil } || flags["r"] != nil }
}
