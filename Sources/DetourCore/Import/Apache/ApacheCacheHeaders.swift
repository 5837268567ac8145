/// mod_headers' `Header always set|unset Cache-Control … [env=[!]NAME]` of a context: the
/// Cache-Control a redirect is sent with. Only the `always` table reaches a redirect (httpd sends
/// the other one with 2xx answers only), so `Header set` without `always` is skipped. `env=NAME`
/// holds for the redirects whose `RewriteRule` sets NAME with `[E=]`; the last directive that
/// applies wins, as httpd runs them in order.
struct ApacheCacheHeaders {
    struct Entry {
        /// nil: `unset`.
        let value: CachePolicy?
        let variable: String?
        let negated: Bool
    }

    private(set) var entries: [Entry] = []

    /// Reads the `Header` directives of `body`; what touches Cache-Control in another way is reported.
    init(_ body: [ApacheDirective], report: inout ImportReport) {
        for d in body where d.key == "header" {
            var args = d.args
            guard let first = args.first else { continue }
            var always = false
            if first.lowercased() == "always" || first.lowercased() == "onsuccess" {
                always = first.lowercased() == "always"
                args.removeFirst()
            }
            guard args.count >= 2, args[1].lowercased() == "cache-control" else {
                report.skip(d.name)
                continue
            }
            guard always else {
                report.skip("Header (the onsuccess table, which redirects do not send)")
                continue
            }
            let action = args[0].lowercased()
            var rest = Array(args.dropFirst(2))
            var value: CachePolicy?
            if action == "set" {
                guard let text = rest.first, let policy = CachePolicy(text: text) else {
                    report.notImported(d.file, d.line, d.summary, "the Cache-Control value is not one a Detour rule can send (no-store, max-age=N …)")
                    continue
                }
                value = policy
                rest.removeFirst()
            } else if action != "unset" {
                report.notImported(d.file, d.line, d.summary, "Header \(args[0]) changes Cache-Control in a way Detour's `cache` does not say")
                continue
            }
            var variable: String?
            var negated = false
            if let condition = rest.first {
                guard condition.lowercased().hasPrefix("env="), rest.count == 1 else {
                    report.notImported(d.file, d.line, d.summary, "the condition '\(condition)' is not an env= test Detour can follow")
                    continue
                }
                var name = Substring(condition.dropFirst(4))
                if name.hasPrefix("!") {
                    negated = true
                    name = name.dropFirst()
                }
                variable = String(name)
            }
            entries.append(Entry(value: value, variable: variable, negated: negated))
        }
    }

    /// The Cache-Control of a redirect whose rule sets `variables`.
    func policy(setting variables: [String]) -> CachePolicy {
        var policy = CachePolicy.none
        for e in entries {
            if let v = e.variable, variables.contains(v) == e.negated { continue }
            policy = e.value ?? .none
        }
        return policy
    }
}
