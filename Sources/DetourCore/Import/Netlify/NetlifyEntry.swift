/// One Netlify redirect rule as written, from a `_redirects` line or a `[[redirects]]` table of
/// `netlify.toml`, before it is translated.
struct NetlifyEntry: Sendable {
    /// A path pattern (`/news/:year/*`) or a URL with a host (`https://old.example/*`).
    var from: String
    var to: String
    /// 301 when the rule names none.
    var status = 301
    /// `!` / `force = true`: the rule applies even when a file exists at the path.
    var force = false
    /// Query parameters the request must have: `id=:id` (any value, captured) or `id=5`.
    var query: [(name: String, value: String)] = []
    /// `Country=us,ca`, `Language=en`, `Role=admin`, `Cookie=name`: each with its values.
    var conditions: [(name: String, values: [String])] = []
    var file: String
    var line: Int
    /// The comment lines directly above the rule.
    var note: String?

    /// The rule as a `_redirects` line, for the report.
    var summary: String {
        var parts = [from] + query.map { "\($0.name)=\($0.value)" } + [to, String(status) + (force ? "!" : "")]
        parts += conditions.map { "\($0.name)=\($0.values.joined(separator: ","))" }
        return parts.joined(separator: " ")
    }
}
