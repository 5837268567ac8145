/// The one text syntax of `when` conditions, used wherever conditions are written as a line (the
/// CSV `when` column, the editor's form, the detail pane): `kind:name=value` items separated by
/// `; ` (`header:X-Country=DE; query:v=*`), values as in YAML (`*`, `~regex`, exact).
/// Files written before this syntax used `kind.name=value;`; that form still reads.
public enum ConditionText {
    /// A problem with one item: `message` for a file's diagnostic, `brief` for the form.
    public struct Failure: Error, Sendable {
        public let message: String
        public let brief: String
    }

    public static func format(_ conditions: [Condition]) -> String {
        conditions.map { "\($0.kind.rawValue):\($0.name)=\($0.value.description)" }.joined(separator: "; ")
    }

    public static func parse(_ text: String) throws(Failure) -> [Condition] {
        var out: [Condition] = []
        for item in text.split(separator: ";") {
            let part = item.trimmingSpacesSub()
            if part.isEmpty { continue }
            // The kind ends at the first ':' (this syntax) or '.' (the older CSV one); kind names
            // contain neither, so a name or value may hold both.
            guard let mark = part.firstIndex(where: { $0 == ":" || $0 == "." }),
                let kind = Condition.Kind(rawValue: String(part[..<mark]))
            else {
                throw Failure(
                    message: "'\(part)' is not kind:name=value (kind: header, cookie or query)",
                    brief: "'\(part.prefix(20))': start with header:, cookie: or query:")
            }
            let rest = part[part.index(after: mark)...]
            guard let eq = rest.firstIndex(of: "="), eq > rest.startIndex else {
                throw Failure(
                    message: "'\(part)' is not \(kind.rawValue):NAME=VALUE (VALUE may be * or ~regex)",
                    brief: "'\(part.prefix(20))': write \(kind.rawValue):NAME=VALUE (VALUE may be * or ~regex)")
            }
            let name = String(rest[..<eq])
            do {
                out.append(Condition(kind: kind, name: name, value: try ConditionValue.parse(String(rest[rest.index(after: eq)...]))))
            } catch let e as RegexSyntaxError {
                throw Failure(message: e.message, brief: "\(name): \(e.message)")
            } catch {
                throw Failure(message: "\(error)", brief: "\(name): \(error)")
            }
        }
        return out
    }
}
