/// The comment lines before a CSV rule file's header, which carry the site block a CSV row cannot:
///
/// ```
/// # site.hosts: example.com, www.example.com
/// # site.allow: cdn.example.net
/// # site.exports: nginx, caddy path=out/caddy
/// id,source,target,code
/// ```
///
/// Keys are those of YAML's `site:` (hosts, allow, scheme, trailing_slash, case, exports); lists are
/// comma-separated; an exports entry is a server name followed by `key=value` options. Any other
/// `#` line before the header is a comment, kept by saves. Only the lines before the header are
/// read, so a 10⁶-row bulk load pays for a few lines, not for its rows.
struct CSVSitePreamble: Sendable {
    /// The site the lines declare (defaults for what they leave out).
    var site = SiteSettings()
    /// The lines' bytes as read, line endings included: written back unchanged while the site is.
    var bytes: [UInt8] = []
    /// Where the header row starts in the file.
    var end = 0
    /// The header row's line.
    var headerLine = 1

    /// Reads the `#` lines at the start of `bytes` (after a byte order mark), reporting a bad `site.`
    /// line at its offset.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, report: (Int, String) -> Void) -> CSVSitePreamble {
        var preamble = CSVSitePreamble()
        var i = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        let start = i
        while i < bytes.count, bytes[i] == 0x23 {
            var lineEnd = i
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0a { lineEnd += 1 }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<lineEnd]), as: UTF8.self)
            preamble.readLine(text.hasSuffix("\r") ? String(text.dropLast()) : text, offset: i, report: report)
            i = min(lineEnd + 1, bytes.count)
            preamble.headerLine += 1
        }
        preamble.bytes = Array(bytes[start..<i])
        if let last = preamble.bytes.last, last != 0x0a { preamble.bytes.append(0x0a) }
        preamble.end = i
        return preamble
    }

    /// One `#` line: a `site.KEY: value` setting, or a comment.
    private mutating func readLine(_ line: String, offset: Int, report: (Int, String) -> Void) {
        let body = line.dropFirst().drop { $0 == " " }
        guard body.hasPrefix("site."), let colon = body.firstIndex(of: ":") else { return }
        let key = String(body[body.index(body.startIndex, offsetBy: 5)..<colon])
        let rest = body[body.index(after: colon)...]
        let valueStart = rest.firstIndex { $0 != " " } ?? rest.endIndex
        let value = String(rest[valueStart...]).trimmingSpaces()
        let valueOffset = offset + line.utf8.distance(from: line.startIndex, to: valueStart)
        func problem(_ message: String) { report(valueOffset, "site.\(key): " + message) }
        switch key {
        case "hosts", "allow":
            var patterns: [HostPattern] = []
            let items = Self.items(value)
            for (item, pattern) in zip(items, site.parseHosts(items)) {
                guard let pattern else {
                    problem("'\(item)' is not a host name (example.com or *.example.com)")
                    continue
                }
                patterns.append(pattern)
            }
            if key == "hosts" { site.hosts = patterns } else { site.allow = patterns }
        case "scheme":
            if value == "http" || value == "https" { site.scheme = value } else { problem("must be http or https, found '\(value)'") }
        case "trailing_slash":
            if let t = SiteSettings.TrailingSlash(rawValue: value) {
                site.trailingSlash = t
            } else {
                problem("must be exact or fold, found '\(value)'")
            }
        case "case":
            if let c = SiteSettings.PathCase(rawValue: value) {
                site.pathCase = c
            } else {
                problem("must be sensitive or insensitive, found '\(value)'")
            }
        case "exports":
            site.exports = Self.items(value).compactMap { item in
                let words = item.split(separator: " ").map(String.init)
                var options: [String: String] = [:]
                for word in words.dropFirst() {
                    guard let eq = word.firstIndex(of: "="), eq != word.startIndex else {
                        problem("'\(word)' is not an option like path=out/nginx")
                        return nil
                    }
                    options[String(word[..<eq])] = String(word[word.index(after: eq)...])
                }
                return ExportTarget(server: words[0], options: options)
            }
        default:
            report(offset, "unknown site setting 'site.\(key)'" + Suggestion.didYouMean(key, in: RuleFields.site))
        }
    }

    private static func items(_ value: String) -> [String] {
        value.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
    }

    /// The `#` lines that are comments, not `site.` settings.
    var commentCount: Int {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n").filter { !$0.dropFirst().drop { $0 == " " }.hasPrefix("site.") }.count
    }

    /// The bytes to write before the header for `site`: the lines as read when the site is unchanged,
    /// else the comments that are not settings followed by one line per setting that is not a default.
    func rendered(for site: SiteSettings) -> [UInt8] {
        if site == self.site { return bytes }
        var out = ""
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            let body = line.dropFirst().drop { $0 == " " }
            if !body.hasPrefix("site.") { out += line + "\n" }
        }
        for line in Self.settingLines(site) { out += line + "\n" }
        return Array(out.utf8)
    }

    /// `# site.KEY: value` for each setting of `site` that is not a default, in YAML's order.
    static func settingLines(_ site: SiteSettings) -> [String] {
        var lines: [String] = []
        let defaults = SiteSettings()
        if !site.hosts.isEmpty { lines.append("# site.hosts: " + site.hosts.map(site.typedText).joined(separator: ", ")) }
        if !site.allow.isEmpty { lines.append("# site.allow: " + site.allow.map(site.typedText).joined(separator: ", ")) }
        if site.scheme != defaults.scheme { lines.append("# site.scheme: " + site.scheme) }
        if site.trailingSlash != defaults.trailingSlash { lines.append("# site.trailing_slash: " + site.trailingSlash.rawValue) }
        if site.pathCase != defaults.pathCase { lines.append("# site.case: " + site.pathCase.rawValue) }
        if !site.exports.isEmpty {
            let entries = site.exports.map { e in
                let written = e.options.keys.sorted().filter { key in !e.options[key]!.contains(where: { $0 == " " || $0 == "," }) }
                return ([e.server] + written.map { "\($0)=\(e.options[$0]!)" }).joined(separator: " ")
            }
            lines.append("# site.exports: " + entries.joined(separator: ", "))
        }
        return lines
    }

    /// What of `site` the lines cannot carry (an option value with a space or a comma), named for a
    /// warning: a conversion to CSV says what it leaves out instead of dropping it silently.
    static func unwritable(_ site: SiteSettings) -> [String] {
        site.exports.flatMap { e in
            e.options.keys.sorted().filter { key in e.options[key]!.contains(where: { $0 == " " || $0 == "," }) }
                .map { "site.exports \(e.server) option '\($0)'" }
        }
    }
}
