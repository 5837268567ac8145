/// The user's own Apache configuration made runnable on loopback for `detour import apache
/// --verify` (issue 16 §4): the vhosts and main-server directives as parsed (includes inlined,
/// `<IfModule>` opened), every vhost moved to `127.0.0.1:PORT`, and only what decides redirects
/// kept (names, mod_rewrite, mod_alias); documents come from an empty loopback docroot, so a
/// request no redirect takes gets httpd's own non-redirect answer. An `.htaccess` source is
/// written into that docroot with `AllowOverride All`. The redirects the import report lists are
/// left out (with their `RewriteCond`s): the proof says the imported rules equal the original
/// without them.
public enum ApacheProofConfig {
    /// Directives kept as written.
    static let kept: Set<String> = [
        "servername", "serveralias", "rewriteengine", "rewritebase", "rewritecond", "rewriterule", "rewritemap", "redirect",
        "redirectmatch", "redirectpermanent", "redirecttemp", "header"
    ]

    /// How the imported rules are simulated against this configuration: on the path as sent when
    /// it reads the request line (`%{THE_REQUEST}`, as Detour's own export does), otherwise on
    /// httpd's decoded path.
    public static func view(for sources: [(file: String, directives: [ApacheDirective])]) -> ServerView {
        func readsRequestLine(_ list: [ApacheDirective]) -> Bool {
            list.contains { d in
                (d.key == "rewritecond" && d.args.first?.uppercased() == "%{THE_REQUEST}") || readsRequestLine(d.block ?? [])
            }
        }
        return sources.contains { readsRequestLine($0.directives) } ? .exported(.apache) : .of(.apache)
    }

    /// The files of the proof: `httpd.conf` and, for an `.htaccess` source, `docroot/.htaccess`.
    public struct Files: Sendable {
        public var main: String
        public var htaccess: String?
    }

    public static func files(
        _ sources: [(file: String, directives: [ApacheDirective])], directory: String, port: Int, notImported: [ImportReport.NotImported] = []
    ) -> Files {
        let left = Set(notImported.map { "\($0.file):\($0.line)" })
        var main = ApacheContext(section: nil, file: "", line: 0)
        var vhosts: [ApacheContext] = []
        var htaccess: String?
        for (file, directives) in sources {
            if ApacheImporter.isPerDirectory(file) {
                var c = ApacheContext(section: nil, file: file, line: 0)
                c.add(directives)
                htaccess = (htaccess ?? "") + body(c, left: left, indent: "")
                continue
            }
            for d in directives {
                if d.key == "virtualhost", d.block != nil { vhosts.append(.vhost(d)) } else { main.add([d]) }
            }
        }
        let docroot = directory + "/docroot"
        var out = """
            # detour import apache --verify: the original redirects on 127.0.0.1:\(port)
            ServerRoot "\(directory)"
            LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
            LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
            LoadModule rewrite_module /usr/lib/apache2/modules/mod_rewrite.so
            LoadModule alias_module /usr/lib/apache2/modules/mod_alias.so
            LoadModule headers_module /usr/lib/apache2/modules/mod_headers.so
            Listen 127.0.0.1:\(port)
            PidFile "\(directory)/httpd.pid"
            ErrorLog "\(directory)/error.log"
            DefaultRuntimeDir "\(directory)"
            Mutex file:\(directory) default
            LogLevel warn
            User www-data
            Group www-data
            ServerName localhost
            DocumentRoot "\(docroot)"
            AccessFileName .htaccess
            <Directory />
              Require all granted
              AllowOverride None
            </Directory>
            <Directory "\(docroot)">
              AllowOverride All
            </Directory>

            """
        out += body(main, left: left, indent: "", dropRewrites: !vhosts.isEmpty)
        let httpsNames = Set(vhosts.filter { $0.scheme == "https" }.flatMap(\.hosts))
        for v in vhosts {
            // A plain-http vhost next to https vhosts of the same names: its redirects are
            // reported (the import does not translate scheme conditions yet) and the proof speaks one scheme.
            if vhosts.count > 1 && v.scheme == "http" && v.hosts.contains(where: httpsNames.contains) { continue }
            out += "<VirtualHost 127.0.0.1:\(port)>\n"
            out += body(v, left: left, indent: "  ")
            out += "</VirtualHost>\n"
        }
        return Files(main: out, htaccess: htaccess)
    }

    /// The kept directives of a context. Conditions see what they would see behind the real
    /// listener, through environment variables set first: `%{HTTPS}` as the vhost's scheme (the
    /// proof itself speaks plain http), `%{HTTP_HOST}` without the proof's port (a client on
    /// port 80 or 443 sends the name alone).
    private static func body(_ c: ApacheContext, left: Set<String>, indent: String, dropRewrites: Bool = false) -> String {
        var lines: [String] = []
        var conds: [String] = []
        for d in c.body where kept.contains(d.key) {
            if dropRewrites && (d.key == "rewriterule" || d.key == "rewritecond") { continue }
            var args = d.args
            if d.key == "rewritecond", let first = args.first {
                args[0] = first.replacingAll("%{HTTPS}", with: "%{ENV:DETOUR_PROOF_HTTPS}")
                    .replacingAll("%{REQUEST_SCHEME}", with: "%{ENV:DETOUR_PROOF_SCHEME}").replacingAll(
                        "%{HTTP_HOST}", with: "%{ENV:DETOUR_PROOF_HOST}")
            }
            // A map file named relative to the configuration is found from the proof's directory too.
            if d.key == "rewritemap", args.count >= 2, args[1].lowercased().hasPrefix("txt:"), !args[1].dropFirst(4).hasPrefix("/") {
                args[1] = "txt:" + ApacheRewriteMaps.directory(of: d.file) + "/" + args[1].dropFirst(4)
            }
            let text = indent + ([d.name] + args.map(quoted)).joined(separator: " ")
            if d.key == "rewritecond" {
                conds.append(text)
                continue
            }
            if left.contains("\(d.file):\(d.line)") {
                conds = []
                continue
            }
            lines += conds
            conds = []
            lines.append(text)
        }
        if c.body.contains(where: { $0.key == "rewriteengine" }) {
            let https = c.scheme == "https"
            lines.insert(
                indent
                    + "RewriteRule ^ - [E=DETOUR_PROOF_HTTPS:\(https ? "on" : "off"),E=DETOUR_PROOF_SCHEME:\(https ? "https" : "http"),E=DETOUR_PROOF_HOST:%1]",
                at: 0)
            lines.insert(indent + "RewriteCond %{HTTP_HOST} ^([^:]*)", at: 0)
            if let engine = lines.firstIndex(where: { $0.hasPrefix(indent + "RewriteEngine") }) {
                lines.insert(lines.remove(at: engine), at: 0)
            }
        }
        return lines.map { $0 + "\n" }.joined()
    }

    /// An argument as httpd reads it back: quoted when it has blanks or quotes, or is empty.
    static func quoted(_ arg: String) -> String {
        guard arg.isEmpty || arg.contains(where: { $0 == " " || $0 == "\t" || $0 == "\"" || $0 == "'" }) else { return arg }
        return "\"" + arg.replacingAll("\"", with: "\\\"") + "\""
    }
}

extension String {
    /// Every occurrence of `old` replaced (DetourCore has no Foundation).
    func replacingAll(_ old: String, with new: String) -> String {
        guard !old.isEmpty, contains(old) else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.range(of: old) {
            out += rest[..<r.lowerBound] + new
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
