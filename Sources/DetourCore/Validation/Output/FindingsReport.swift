/// The outputs of `detour check`: human text grouped by rule, and the JSON object of DESIGN §5.
public enum FindingsReport {
    public static func counts(_ findings: [Finding]) -> [Severity: Int] {
        var c: [Severity: Int] = [.error: 0, .warning: 0, .info: 0]
        for f in findings { c[f.severity, default: 0] += 1 }
        return c
    }

    /// `{"file": …, "findings": [{check, severity, rules, line, message, witness, fix, …}], "counts": {…}}`.
    public static func json(_ findings: [Finding], file: String, locator: FindingLocator? = nil) -> String {
        var out = "{\"file\": \(JSON.string(file)), \"findings\": ["
        for (k, f) in findings.enumerated() {
            if k > 0 { out += ", " }
            var fields = [
                "\"check\": \(JSON.string(f.check))", "\"severity\": \(JSON.string(f.severity.rawValue))",
                "\"rules\": \(JSON.array(f.rules))", "\"line\": \(f.line)"
            ]
            if let locator {
                let (l, c) = locator.locate(f)
                fields.append("\"location\": {\"line\": \(l), \"column\": \(c)}")
            }
            fields.append("\"lines\": [" + f.lines.map(String.init).joined(separator: ", ") + "]")
            fields.append("\"message\": \(JSON.string(f.message))")
            fields.append("\"why\": \(JSON.string(f.why))")
            fields.append("\"witness\": [" + f.witness.map(requestJSON).joined(separator: ", ") + "]")
            if let fix = f.fix { fields.append("\"fix\": \(JSON.string(fix.description))") }
            out += "{" + fields.joined(separator: ", ") + "}"
        }
        let c = counts(findings)
        return out + "], \"counts\": {\"error\": \(c[.error]!), \"warning\": \(c[.warning]!), \"info\": \(c[.info]!)}}"
    }

    static func requestJSON(_ r: HTTPRequest) -> String {
        var s = "{\"method\": \(JSON.string(r.method)), \"url\": \(JSON.string(r.url))"
        if !r.headers.isEmpty {
            s += ", \"headers\": {" + r.headers.map { "\(JSON.string($0.name)): \(JSON.string($0.value))" }.joined(separator: ", ") + "}"
        }
        return s + "}"
    }

    /// Findings grouped under the rule they are about, in file order; ANSI colours when `color`.
    public static func text(_ findings: [Finding], file: String, color: Bool, locator: FindingLocator? = nil) -> String {
        func paint(_ s: String, _ code: String) -> String { color ? "\u{1b}[\(code)m\(s)\u{1b}[0m" : s }
        var out = ""
        var groups: [(key: String, line: Int, items: [Finding])] = []
        var at: [String: Int] = [:]
        for f in findings {
            let key = f.rules.first ?? "(file)"
            if let i = at[key] {
                groups[i].items.append(f)
            } else {
                at[key] = groups.count
                groups.append((key, f.line, [f]))
            }
        }
        for g in groups.sorted(by: { ($0.line, $0.key) < ($1.line, $1.key) }) {
            out += paint("\(file):\(g.line): rule \(g.key)", "1") + "\n"
            for f in g.items {
                let sev: String
                switch f.severity {
                case .error: sev = paint("error  ", "31;1")
                case .warning: sev = paint("warning", "33;1")
                case .info: sev = paint("info   ", "36")
                }
                var where_ = ""
                if let locator {
                    let (l, c) = locator.locate(f)
                    where_ = " (\(l):\(c))"
                }
                out += "  \(sev) \(paint(f.check, "2")) \(f.message)\(where_)\n"
                if f.rules.count > 1 {
                    out += "          rules: " + zip(f.rules, f.lines).map { "\($0) (line \($1))" }.joined(separator: ", ") + "\n"
                }
                out += "          why: \(f.why)\n"
                for w in f.witness { out += "          witness: \(w.method) \(w.url)\n" }
                if let fix = f.fix { out += "          " + paint("fix:", "32") + " \(fix.description)\n" }
            }
        }
        let c = counts(findings)
        if findings.isEmpty {
            out += "\(file): no findings\n"
        } else {
            out += "\(c[.error]!) error\(c[.error]! == 1 ? "" : "s"), \(c[.warning]!) warning\(c[.warning]! == 1 ? "" : "s"), \(c[.info]!) info\n"
        }
        return out
    }
}
