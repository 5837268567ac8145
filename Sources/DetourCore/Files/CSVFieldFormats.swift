/// The `when` column of Detour CSV: `kind.name=value` items separated by `;`
/// (`header.X-Country=DE;query.id=*`), values as in YAML (`*`, `~regex`, exact).
enum CSVConditions {
    struct Failure: Error { let message: String }

    static func parse(_ text: String) throws -> [Condition] {
        var out: [Condition] = []
        for item in text.split(separator: ";") {
            let t = item.trimmingSpacesSub()
            guard let dot = t.firstIndex(of: "."), let eq = t[dot...].firstIndex(of: "="),
                  let kind = Condition.Kind(rawValue: String(t[..<dot])) else {
                throw Failure(message: "'\(t)' is not kind.name=value (kind: header, cookie or query)")
            }
            let name = String(t[t.index(after: dot)..<eq])
            guard !name.isEmpty else { throw Failure(message: "'\(t)' has no name") }
            do { out.append(Condition(kind: kind, name: name, value: try ConditionValue.parse(String(t[t.index(after: eq)...])))) } catch let e as RegexSyntaxError {
                throw Failure(message: e.message)
            }
        }
        return out
    }

    static func format(_ cs: [Condition]) -> String {
        cs.map { "\($0.kind.rawValue).\($0.name)=\($0.value.description)" }.joined(separator: ";")
    }
}

/// The `examples` column of Detour CSV: `REQUEST => EXPECT` items separated by ` ; `
/// (`POST /a => 307 https://example.com/b`).
enum CSVExamples {
    static func parse(_ text: String) throws -> [RuleExample] {
        var out: [RuleExample] = []
        for item in text.split(separator: ";") {
            let parts = item.split(separator: "=>", maxSplits: 1)
            guard parts.count == 2, let req = RuleExample.parseRequest(String(parts[0])),
                  let expect = RuleExample.Expectation.parse(String(parts[1])) else {
                throw CSVConditions.Failure(message: "'\(item.trimmingSpacesSub())' is not 'METHOD URL => CODE LOCATION' or 'METHOD URL => origin'")
            }
            out.append(RuleExample(method: req.method, url: req.url, expect: expect))
        }
        return out
    }

    static func format(_ xs: [RuleExample]) -> String {
        xs.map { "\($0.requestText) => \($0.expect.description)" }.joined(separator: "; ")
    }
}
