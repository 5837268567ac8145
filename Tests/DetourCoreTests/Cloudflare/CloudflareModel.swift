import Foundation

@testable import DetourCore

/// Cloudflare's documented behaviour over an export's files: the single redirects of
/// `single-redirects.json` in order (the first whose expression holds answers), then the Bulk
/// Redirect List of `bulk-redirects.csv` by its URL matching algorithm (scheme, host, path or
/// subpath; the longest subpath source wins, a source with a scheme over one without).
struct CloudflareModel {
    struct Single {
        let expression: CloudflareExpression
        let target: CloudflareExpression
        let status: Int
        let preserveQuery: Bool
    }

    struct Row {
        let scheme: String?
        let host: String
        let path: String
        let target: String
        let status: Int
        let preserveQuery: Bool
        let subpath: Bool
        let suffix: Bool
    }

    let singles: [Single]
    let rows: [Row]
    /// The rows by host and source path, the candidates a request's path and its `/` prefixes name.
    let rowsByURL: [String: [Row]]
    let view = CloudflareTarget().exportedView

    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    init(_ out: ExportOutput) throws {
        let json = out.files.first { $0.name == CloudflareExporter.singleFile }?.contents ?? "{\"rules\": []}"
        guard let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], let rules = object["rules"] as? [[String: Any]]
        else { throw Malformed(description: "single-redirects.json is not {\"rules\": [...]}") }
        singles = try rules.map { r in
            guard r["action"] as? String == "redirect", let e = r["expression"] as? String, let p = r["action_parameters"] as? [String: Any],
                let from = p["from_value"] as? [String: Any], let target = from["target_url"] as? [String: Any],
                let status = from["status_code"] as? Int,
                let keep = from["preserve_query_string"] as? Bool
            else { throw Malformed(description: "rule \(r)") }
            let t: CloudflareExpression
            if let v = target["value"] as? String {
                t = .string(v)
            } else if let x = target["expression"] as? String {
                t = try CloudflareExpression.parse(x)
            } else {
                throw Malformed(description: "target_url \(target)")
            }
            return Single(expression: try CloudflareExpression.parse(e), target: t, status: status, preserveQuery: keep)
        }
        let csv = out.files.first { $0.name == CloudflareExporter.bulkFile }?.contents ?? ""
        rows = try csv.split(separator: "\n").map { try Self.row(String($0)) }
        rowsByURL = Dictionary(grouping: rows) { $0.host + "\u{0}" + $0.path }
    }

    static func fields(_ line: String) -> [String] {
        var out: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(line)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" {
                        field.append("\"")
                        chars.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                out.append(field)
                field = ""
            } else {
                field.append(c)
            }
        }
        out.append(field)
        return out
    }

    static func row(_ line: String) throws -> Row {
        let f = fields(line)
        guard f.count == 7, let status = Int(f[2]), f[4] == "FALSE" else { throw Malformed(description: "CSV line \(line)") }
        var source = f[0]
        var scheme: String? = nil
        for s in ["http", "https"] where source.hasPrefix(s + "://") {
            scheme = s
            source.removeFirst(s.count + 3)
        }
        guard let slash = source.firstIndex(of: "/") else { throw Malformed(description: "source without a path: \(line)") }
        return Row(
            scheme: scheme, host: String(source[..<slash]), path: String(source[slash...]), target: f[1], status: status,
            preserveQuery: f[3] == "TRUE",
            subpath: f[5] == "TRUE", suffix: f[6] == "TRUE")
    }

    /// `status location` or `origin`, as `PlatformExportSupport.answer` writes Detour's answers.
    func answer(_ request: HTTPRequest) throws -> String {
        guard let fields = CloudflareRequestFields(request, view: view) else { return "origin" }
        let query = request.query.flatMap { $0.isEmpty ? nil : $0 }
        for s in singles where try fields.evaluate(s.expression) == .bool(true) {
            guard var location = try fields.evaluate(s.target).text else { throw Malformed(description: "target is not a string") }
            if s.preserveQuery, let query { location += "?" + query }
            return "\(s.status) \(location)"
        }
        let path = fields.path
        let candidates = ([path] + CloudflarePlacement.segmentPrefixes(path)).flatMap { rowsByURL[request.host + "\u{0}" + $0] ?? [] }
        let matching = candidates.filter { r in
            (r.scheme == nil || r.scheme == request.scheme) && (r.path == path || (r.subpath && r.path.hasSuffix("/") && path.hasPrefix(r.path)))
        }
        guard
            let best = matching.max(by: { a, b in
                a.path.utf8.count != b.path.utf8.count ? a.path.utf8.count < b.path.utf8.count : (a.scheme == nil && b.scheme != nil)
            })
        else { return "origin" }
        var location = best.target
        if best.subpath && best.suffix { location += String(decoding: Array(path.utf8).dropFirst(best.path.utf8.count), as: UTF8.self) }
        if best.preserveQuery, let query { location += "?" + query }
        return "\(best.status) \(location)"
    }
}
