/// The condition of an nginx `if (…)` as rule fields: `$host = name` → `host`,
/// `$request_method = POST` or `~ ^(GET|HEAD)$` → `methods`, `$arg_x`, `$http_x`, `$cookie_x`
/// (present, `=`, `~`, `~*`) → `when` conditions, `$name` of a `map` → that map's entries.
struct NginxIfCondition {
    var host: HostPattern?
    var methods: [String]?
    var conditions: [Condition] = []
    /// `if ($mapped)`: true when the value of this map variable is non-empty.
    var mapVariable: String?

    static func parse(_ d: NginxDirective) -> Result<NginxIfCondition, ImportWhy> {
        var text = d.args.joined(separator: " ").trimmedOfBlanks
        guard text.hasPrefix("("), text.hasSuffix(")") else { return .failure(ImportWhy("the condition is not in parentheses")) }
        text = String(text.dropFirst().dropLast()).trimmedOfBlanks
        let parts = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).map(String.init)
        guard let variable = parts.first else { return .failure(ImportWhy("empty condition")) }
        guard variable.hasPrefix("$") else {
            return .failure(ImportWhy("file tests (\(variable)) depend on the disk, not the request"))
        }
        let name = String(variable.dropFirst())
        var out = NginxIfCondition()
        if parts.count == 1 {
            if let cond = requestCondition(name, .present) {
                out.conditions = [cond]
                return .success(out)
            }
            out.mapVariable = name
            return .success(out)
        }
        guard parts.count == 3 else { return .failure(ImportWhy("cannot read the condition '\(text)'")) }
        let op = parts[1]
        let value = parts[2]
        if op.hasPrefix("!") { return .failure(ImportWhy("Detour conditions cannot be negated ('\(op)')")) }
        guard op == "=" || op == "~" || op == "~*" else { return .failure(ImportWhy("unknown operator '\(op)'")) }
        let matchValue: ConditionValue
        if op == "=" {
            matchValue = .exact(value)
        } else {
            switch NginxRegex.portable(value, caseless: op == "~*") {
            case .success(let r): matchValue = .regex(r)
            case .failure(let why): return .failure(why)
            }
        }
        switch name {
        case "host", "http_host":
            guard op == "=", let h = HostPattern(text: value), case .exact = h else {
                return .failure(ImportWhy("a host condition is carried only as '$host = name' (Detour hosts are names or *.suffix)"))
            }
            out.host = h
        case "request_method":
            if op == "=" {
                out.methods = [value.uppercased()]
            } else if let m = methodAlternatives(value) {
                out.methods = m
            } else {
                return .failure(ImportWhy("a method condition is carried only as '= METHOD' or '~ ^(A|B)$'"))
            }
        case "scheme", "https":
            return .failure(ImportWhy(ImportWhy.schemeNotTranslated))
        default:
            guard let cond = requestCondition(name, matchValue) else {
                return .failure(ImportWhy("the variable $\(name) has no Detour condition"))
            }
            out.conditions = [cond]
        }
        return .success(out)
    }

    private static func requestCondition(_ name: String, _ value: ConditionValue) -> Condition? {
        if name.hasPrefix("arg_"), name.count > 4 { return Condition(kind: .query, name: String(name.dropFirst(4)), value: value) }
        if name.hasPrefix("cookie_"), name.count > 7 { return Condition(kind: .cookie, name: String(name.dropFirst(7)), value: value) }
        if name.hasPrefix("http_"), name.count > 5, name != "http_host" {
            return Condition(kind: .header, name: String(name.dropFirst(5)).replacingUnderscores, value: value)
        }
        return nil
    }

    /// `^(GET|HEAD)$` → [GET, HEAD].
    private static func methodAlternatives(_ pattern: String) -> [String]? {
        var p = Substring(pattern)
        guard p.hasPrefix("^"), p.hasSuffix("$") else { return nil }
        p = p.dropFirst().dropLast()
        if p.hasPrefix("("), p.hasSuffix(")") { p = p.dropFirst().dropLast() }
        let methods = p.split(separator: "|").map(String.init)
        guard !methods.isEmpty, methods.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isUppercase } }) else { return nil }
        return methods
    }
}

extension String {
    /// `x_api_key` → `x-api-key`, how nginx names headers in `$http_…`.
    var replacingUnderscores: String { String(map { $0 == "_" ? "-" : $0 }) }
}
