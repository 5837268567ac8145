/// Every combination of values of the request-test variables (`NginxVariableRole.flag`) a
/// condition reads, and the conjunction of tests a set of them amounts to.
struct NginxFlagCombinations {
    let flags: [String]
    let domains: [String: [String]]
    let tests: [String: [String: NginxRequestTest?]]

    init(flags: [String], variables: NginxVariables) {
        self.flags = flags
        var domains: [String: [String]] = [:]
        var tests: [String: [String: NginxRequestTest?]] = [:]
        for f in flags {
            guard case .flag(let t)? = variables.role(of: f) else { continue }
            domains[f] = t.keys.sorted()
            tests[f] = t
        }
        self.domains = domains
        self.tests = tests
    }

    var count: Int { flags.reduce(1) { $0 * max(1, domains[$1]?.count ?? 1) } }

    /// Each combination as bindings of the flag variables.
    var all: [[String: String]] {
        var out: [[String: String]] = [[:]]
        for f in flags {
            let values = domains[f] ?? []
            out = out.flatMap { b in values.map { v in b.merging([f: v]) { _, new in new } } }
        }
        return out
    }

    /// The tests that let exactly `truthy` (bindings that include every flag) through: each flag
    /// either unconstrained (every value lets the request through) or held to one value whose test
    /// Detour has. Anything else — "either of two hosts and this header" — is refused.
    func conjunction(_ truthy: [[String: String]]) -> Result<[NginxRequestTest], ImportWhy> {
        var size = 1
        var out: [NginxRequestTest] = []
        for f in flags {
            let seen = Set(truthy.compactMap { $0[f] })
            size *= seen.count
            guard seen.count != domains[f]?.count else { continue }
            guard seen.count == 1, let v = seen.first else {
                return .failure(ImportWhy("the condition accepts several values of $\(f), which one Detour rule cannot say"))
            }
            guard case .some(.some(let t)) = tests[f]?[v] else {
                return .failure(ImportWhy("$\(f) = '\(v)' is a request test Detour has no field for"))
            }
            out.append(t)
        }
        guard size == Set(truthy.map { b in flags.map { f in b[f] ?? "" } }).count else {
            return .failure(ImportWhy("the condition holds for a mix of request tests that is not one conjunction"))
        }
        return .success(out)
    }
}

/// A regex tested against `PATH` followed by more text (`set $s "$path?$flag"; if ($s ~ …)`),
/// split into what it asks of the path and what of the rest: `^(?=LOOKAHEAD)REST` holds when
/// both hold from the start; since the path never holds `?`, `(?=\?)` is the end of the path and
/// a lazy `[^?]*?` before the rest is a search anywhere in it.
struct NginxPathRegexSplit {
    /// The regex for the path alone.
    let pathRegex: String
    /// The anchored lookahead, tested on the whole subject.
    let leading: String?

    init?(_ regex: String, restTemplate: String) {
        var body = Substring(regex)
        var leading: String?
        var anchored = false
        if body.hasPrefix("^(?=") {
            guard let closeOffset = RegexTextStructure(body).closingParen(of: 1) else { return nil }
            let close = body.index(body.startIndex, offsetBy: closeOffset)
            leading = String(body[body.index(body.startIndex, offsetBy: 4)..<close])
            body = body[body.index(after: close)...]
            anchored = true
            // Its groups would shift the numbers of the captures the target uses.
            guard !RegexTextStructure(leading!).hasCapturingGroup else { return nil }
        }
        var path = String(body)
        if !restTemplate.isEmpty {
            // A `$` of its own would test the end of the rest, not of the path.
            guard restTemplate.hasPrefix("?"), !RegexTextStructure(path).contains("$") else { return nil }
            path = path.replacingOccurrences(of: "(?=\\?)", with: "$")
            // Anything else about the `?` would test the rest, not the path.
            guard !path.contains("\\?"), !path.contains("\\x3F") else { return nil }
        }
        if anchored {
            if path.hasPrefix("[^?]*?") {
                path = String(path.dropFirst(6))
            } else if !path.hasPrefix("^") {
                path = "^" + path
            }
        }
        guard !path.isEmpty else { return nil }
        pathRegex = path
        self.leading = leading
    }

    /// Whether the lookahead holds for every path when followed by `rest` (nil: it depends on
    /// the path, which one rule cannot say).
    func leadingConditionHolds(after rest: String, caseless: Bool, _ variables: NginxVariables) -> Bool? {
        guard let leading else { return true }
        guard let re = variables.pcre("^(?:" + leading + ")", caseless: caseless) else { return nil }
        let answers = Set(["/", "/a/b", "/x%20y", "/p/1-a.php", "/caf%C3%A9/"].map { re.matches($0 + rest) })
        return answers.count == 1 ? answers.first : nil
    }
}
