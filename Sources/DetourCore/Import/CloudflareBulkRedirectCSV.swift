/// Cloudflare's bulk redirect list CSV (`SOURCE,TARGET[,STATUS,PRESERVE_QS,INCLUDE_SUBDOMAINS,
/// SUBPATH,PRESERVE_SUFFIX]`, no header), read as-is into rules: the host part of a source becomes
/// the rule's host, subpath matching a prefix source. Saving writes Detour's own CSV.
enum CloudflareBulkRedirectCSV {
    /// Whether the first row of a file is a Cloudflare row rather than a header: its first field
    /// is a URL (a header's is a column name).
    static func isFirstRow(_ row: CSVReader.Row) -> Bool {
        row.fields.first?.value.contains("/") ?? false
    }

    /// The rule of one row, or nil after reporting why there is none.
    static func readRow(_ row: CSVReader.Row, report: (Int, String) -> Void) -> Rule? {
        let f = row.fields
        guard f.count >= 2 else {
            report(row.range.lowerBound, "the row needs at least SOURCE,TARGET")
            return nil
        }
        var code = StatusCode.movedPermanently
        if f.count > 2, !f[2].value.isEmpty {
            guard let n = Int(f[2].value), let c = StatusCode(rawValue: n) else {
                report(f[2].offset, "status must be one of 301, 302, 303, 307, 308, found '\(f[2].value)'")
                return nil
            }
            code = c
        }
        func flag(_ k: Int) -> Bool { f.count > k && f[k].value.uppercased() == "TRUE" }
        // Cloudflare sources are URLs without scheme: host/path.
        var src = f[0].value
        var host: HostPattern? = nil
        // A source with a scheme matches that scheme only; without one, both.
        var scheme: String? = nil
        if let rest = src.range(ofPrefix: "https://") {
            scheme = "https"
            src = String(src[rest...])
        } else if let rest = src.range(ofPrefix: "http://") {
            scheme = "http"
            src = String(src[rest...])
        }
        if !src.hasPrefix("/"), let slash = src.firstIndex(of: "/") {
            let h = String(src[..<slash])
            guard let hp = HostPattern(text: flag(4) ? "*." + h : h) else {
                report(f[0].offset, "'\(h)' is not a host name")
                return nil
            }
            host = hp
            src = String(src[slash...])
        }
        let subpath = flag(5)
        let preserveSuffix = flag(6)
        var target = f[1].value
        if subpath {
            if !src.hasSuffix("/") { src += "/" }
            src += "*"
            if preserveSuffix {
                if !target.hasSuffix("/") { target += "/" }
                target += "*"
            }
        }
        guard
            var rule = CSVRuleFile.makeRule(
                id: "cf-\(row.line)", source: src, sourceOffset: f[0].offset, target: target, targetOffset: f[1].offset, code: code, report: report)
        else { return nil }
        rule.host = host
        rule.scheme = scheme
        rule.query = flag(3) ? .keep : .drop
        return rule
    }
}

extension String {
    func range(ofPrefix p: String) -> String.Index? {
        hasPrefix(p) ? index(startIndex, offsetBy: p.count) : nil
    }
}
