import Foundation
import Yams

/// Checks parsed HTTPRoute objects against the CRD constraints transcribed in
/// `Fixtures/gateway-api/httproute-v1-constraints.json` (keys, required fields, list sizes, string
/// lengths, patterns, enums, integer ranges) plus the CEL rules the export can reach, as the API
/// server would on `kubectl apply`. Returns one message per violation, naming the object and path.
struct HTTPRouteSchemaValidator {
    let constraints: [String: Any]

    init() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestSupport.fixture("gateway-api/httproute-v1-constraints.json")))
        constraints = try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    private func table<T>(_ key: String) -> [String: T] { constraints[key] as? [String: T] ?? [:] }

    /// The objects of a YAML stream.
    static func objects(_ stream: String) throws -> [[String: Any]] {
        try Yams.load_all(yaml: stream).compactMap { $0 as? [String: Any] }
    }

    func violations(_ stream: String) throws -> [String] {
        var out: [String] = []
        for object in try Self.objects(stream) {
            let name = (object["metadata"] as? [String: Any])?["name"] as? String ?? "?"
            if object["apiVersion"] as? String != constraints["apiVersion"] as? String { out.append("\(name): apiVersion") }
            if object["kind"] as? String != constraints["kind"] as? String { out.append("\(name): kind") }
            visit(object, path: "", object: name, into: &out)
            cel(object, name: name, into: &out)
        }
        return out
    }

    private func visit(_ value: Any, path: String, object: String, into out: inout [String]) {
        let allowed: [String: [String]] = table("allowedKeys")
        let required: [String: [String]] = table("required")
        if let map = value as? [String: Any] {
            if let keys = allowed[path] {
                for k in map.keys where !keys.contains(k) { out.append("\(object): unknown field \(path.isEmpty ? k : path + "." + k)") }
            }
            for k in required[path] ?? [] where map[k] == nil { out.append("\(object): \(path).\(k) is required") }
            for (k, v) in map { visit(v, path: path.isEmpty ? k : path + "." + k, object: object, into: &out) }
            return
        }
        if let list = value as? [Any] {
            let maxItems: [String: Int] = table("maxItems")
            let minItems: [String: Int] = table("minItems")
            if let m = maxItems[path], list.count > m { out.append("\(object): \(path) has \(list.count) items, at most \(m)") }
            if let m = minItems[path], list.count < m { out.append("\(object): \(path) has \(list.count) items, at least \(m)") }
            for item in list { visit(item, path: path + "[]", object: object, into: &out) }
            return
        }
        let text = "\(value)"
        let minLength: [String: Int] = table("minLength")
        let maxLength: [String: Int] = table("maxLength")
        let patterns: [String: String] = table("patterns")
        let enums: [String: [String]] = table("enums")
        let ranges: [String: [Int]] = table("integerRanges")
        if let m = minLength[path], text.utf8.count < m { out.append("\(object): \(path) '\(text)' is shorter than \(m)") }
        if let m = maxLength[path], text.utf8.count > m { out.append("\(object): \(path) is \(text.utf8.count) long, at most \(m)") }
        if let p = patterns[path], text.range(of: p, options: .regularExpression) == nil {
            out.append("\(object): \(path) '\(text)' does not match \(p)")
        }
        if let e = enums[path], !e.contains(text) { out.append("\(object): \(path) '\(text)' is not one of \(e)") }
        if let r = ranges[path] {
            if let n = value as? Int, n >= r[0], n <= r[1] {} else { out.append("\(object): \(path) '\(text)' is not an integer in \(r)") }
        }
    }

    /// The CEL rules of the CRD that an export can reach (listed in the fixture's `celRules`).
    private func cel(_ object: [String: Any], name: String, into out: inout [String]) {
        let rules = (object["spec"] as? [String: Any])?["rules"] as? [[String: Any]] ?? []
        let total = rules.reduce(0) { $0 + (($1["matches"] as? [Any])?.count ?? 0) }
        if total > 128 { out.append("\(name): \(total) matches across rules, at most 128") }
        let pathAlphabet = "^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$"
        for (i, rule) in rules.enumerated() {
            let matches = rule["matches"] as? [[String: Any]] ?? []
            for m in matches {
                guard let p = m["path"] as? [String: Any], let type = p["type"] as? String, let v = p["value"] as? String else { continue }
                guard type == "Exact" || type == "PathPrefix" else { continue }
                let bad =
                    !v.hasPrefix("/") || v.range(of: pathAlphabet, options: .regularExpression) == nil
                    || ["//", "/./", "/../", "%2f", "%2F", "#"].contains { v.contains($0) } || v.hasSuffix("/..") || v.hasSuffix("/.")
                if bad { out.append("\(name): rules[\(i)] path value '\(v)' breaks the CRD's path rules") }
            }
            let filters = rule["filters"] as? [[String: Any]] ?? []
            if filters.filter({ $0["type"] as? String == "RequestRedirect" }).count > 1 { out.append("\(name): rules[\(i)] repeats RequestRedirect") }
            for f in filters {
                guard let redirect = f["requestRedirect"] as? [String: Any] else { continue }
                if f["type"] as? String != "RequestRedirect" { out.append("\(name): rules[\(i)] requestRedirect without its type") }
                guard let path = redirect["path"] as? [String: Any], let type = path["type"] as? String else { continue }
                if (type == "ReplaceFullPath") != (path["replaceFullPath"] != nil) {
                    out.append("\(name): rules[\(i)] replaceFullPath and type disagree")
                }
                if (type == "ReplacePrefixMatch") != (path["replacePrefixMatch"] != nil) {
                    out.append("\(name): rules[\(i)] replacePrefixMatch and type disagree")
                }
                if type == "ReplacePrefixMatch" {
                    let ok = matches.count == 1 && (matches[0]["path"] as? [String: Any])?["type"] as? String == "PathPrefix"
                    if !ok { out.append("\(name): rules[\(i)] ReplacePrefixMatch needs exactly one PathPrefix match") }
                }
            }
        }
    }
}
