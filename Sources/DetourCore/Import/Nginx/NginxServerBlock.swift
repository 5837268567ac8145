/// One nginx `server` block as the importer needs it: its names (as Detour hosts where they are
/// expressible), whether it is the default server and whether it serves only plain http.
struct NginxServerBlock {
    let directive: NginxDirective?
    let body: [NginxDirective]
    var names: [String] = []
    /// Names Detour can express, in the order written (`.example.com` gives two).
    var hosts: [HostPattern] = []
    /// `server_name` entries Detour cannot express (`www.example.*`, `~regex`).
    var unexpressibleNames: [(NginxDirective, String)] = []
    /// True for `_`, `""` or no `server_name`: nginx uses it for hosts nothing else names.
    var isCatchAll = false
    var isDefault = false
    var listensSSL = false
    var listensPlain = false

    init(directive: NginxDirective?, body: [NginxDirective]) {
        self.directive = directive
        self.body = body
        var sawName = false
        for d in body {
            switch d.name {
            case "server_name":
                sawName = true
                for n in d.args {
                    names.append(n)
                    if n == "_" || n.isEmpty {
                        isCatchAll = true
                        continue
                    }
                    if n.hasPrefix("~") || n.hasSuffix(".*") || (n.contains("*") && !n.hasPrefix("*.")) {
                        unexpressibleNames.append((d, n))
                        continue
                    }
                    if n.hasPrefix(".") {
                        if let e = HostPattern(text: String(n.dropFirst())), let s = HostPattern(text: "*" + n) {
                            hosts += [e, s]
                        } else {
                            unexpressibleNames.append((d, n))
                        }
                        continue
                    }
                    if let h = HostPattern(text: n) { hosts.append(h) } else { unexpressibleNames.append((d, n)) }
                }
            case "listen":
                if d.args.contains("default_server") || d.args.contains("default") { isDefault = true }
                if d.args.contains("ssl") || d.args.first.map({ $0 == "443" || $0.hasSuffix(":443") }) == true {
                    listensSSL = true
                } else {
                    listensPlain = true
                }
            default: break
            }
        }
        if !sawName { isCatchAll = true }
        if hosts.isEmpty && unexpressibleNames.isEmpty { isCatchAll = true }
    }

    var line: Int { directive?.line ?? 1 }
    var file: String { directive?.file ?? "" }

    /// The first name, what `$server_name` is.
    var serverName: String? { names.first { !$0.isEmpty && $0 != "_" } }
}
