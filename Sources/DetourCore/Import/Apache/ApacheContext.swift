/// One place Apache's redirect directives act together: a `<VirtualHost>`, the main server
/// (directives outside any vhost), or an `.htaccess` file (per-directory context). Its body has
/// `<IfModule>` sections opened in place; what it answers (names, scheme) comes from the vhost.
struct ApacheContext {
    /// The `<VirtualHost>` section; nil for the main server or an `.htaccess` file.
    let section: ApacheDirective?
    let file: String
    let line: Int
    var body: [ApacheDirective] = []
    /// Directives inside sections Detour cannot model (`<Directory>`, `<Location>`, `<If>` …),
    /// with the section that holds them.
    var enclosed: [(ApacheDirective, ApacheDirective)] = []
    /// `RewriteRule` patterns see the path relative to the directory, without the leading slash.
    var perDirectory = false
    var hosts: [HostPattern] = []
    var serverName: String?
    var unexpressibleNames: [(ApacheDirective, String)] = []
    /// "http" or "https" for a vhost that serves one scheme; nil when unknown.
    var scheme: String?

    init(section: ApacheDirective?, file: String, line: Int) {
        self.section = section
        self.file = file
        self.line = line
    }

    /// A vhost's context: its body with `<IfModule>` opened, its names and its scheme.
    static func vhost(_ d: ApacheDirective) -> ApacheContext {
        var c = ApacheContext(section: d, file: d.file, line: d.line)
        c.add(d.block ?? [])
        let ports = d.args.compactMap { $0.split(separator: ":").last.flatMap { Int($0) } }
        let ssl = c.body.contains { $0.key == "sslengine" && $0.args.first?.lowercased() == "on" }
        if ssl || (!ports.isEmpty && ports.allSatisfy { $0 == 443 }) {
            c.scheme = "https"
        } else if !ports.isEmpty {
            c.scheme = "http"
        }
        c.readNames()
        return c
    }

    /// The names `ServerName` and `ServerAlias` give (a scheme or port in `ServerName` dropped).
    mutating func readNames() {
        for n in body where n.key == "servername" || n.key == "serveralias" {
            for raw in n.args {
                var name = Substring(raw)
                if let scheme = name.range(of: "://") { name = name[scheme.upperBound...] }
                if let colon = name.lastIndex(of: ":"), !name.hasPrefix("[") { name = name[..<colon] }
                if n.key == "servername" && serverName == nil { serverName = String(name) }
                if let h = HostPattern(text: String(name)) {
                    if !hosts.contains(h) { hosts.append(h) }
                } else {
                    unexpressibleNames.append((n, raw))
                }
            }
        }
    }

    /// Adds directives in order, opening `<IfModule>` (Detour assumes the modules are loaded, so
    /// a negated `<IfModule !…>` is left closed) and keeping other sections' contents aside.
    mutating func add(_ list: [ApacheDirective], inside: ApacheDirective? = nil) {
        for d in list {
            if let block = d.block {
                switch d.key {
                case "ifmodule" where inside == nil:
                    if d.args.first?.hasPrefix("!") != true { add(block) }
                default:
                    add(block, inside: inside ?? d)
                    if inside == nil {
                        body.append(
                            ApacheDirective(
                                name: d.name, args: d.args, file: d.file, line: d.line, column: d.column, argColumns: d.argColumns,
                                comments: d.comments, block: []))
                    }
                }
                continue
            }
            if let inside { enclosed.append((d, inside)) } else { body.append(d) }
        }
    }
}
