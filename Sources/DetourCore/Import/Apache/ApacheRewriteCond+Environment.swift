/// The conditions that read what earlier rules computed or the server knows: `%{ENV:NAME}`,
/// `${map:key}` lookups, `%{TIME}` and the request scheme.
extension ApacheRewriteCond {
    /// `%{ENV:NAME}` tested against what `[E=NAME:…]` put there.
    func environmentMeaning(_ name: String, _ context: Context) -> Result<Meaning, ImportWhy> {
        guard let value = context.environment[name] else {
            return .failure(ImportWhy("%{ENV:\(name)} is set by no RewriteRule [E=] before this condition"))
        }
        switch value {
        case .unknown(let why): return .failure(why)
        case .rawPath:
            guard !negated else { return .failure(ImportWhy("a negated path test cannot be a Detour source")) }
            if pattern.hasPrefix("=") {
                guard let r = try? PortableRegex("^" + NginxRegex.escaped(String(pattern.dropFirst())) + "$") else {
                    return .failure(ImportWhy("the path cannot be matched exactly"))
                }
                return .success(.rawPath(r))
            }
            return ApacheRegex.portable(ApacheRegex.widenedForRawPath(pattern), caseless: caseless).map { .rawPath($0) }
        case .host:
            return hostMeaning(context)
        case .scheme:
            if context.scheme != nil { return .success(holds(context.scheme!) ? .always : .never) }
            return schemeMeaning(["http": "http", "https": "https"])
        case .nonEmptyQuery:
            return .failure(ImportWhy("%{ENV:\(name)} holds the query string, which Detour matches parameter by parameter"))
        case .literal(let text, let conds):
            switch (holds(text), holds("")) {
            case (true, true): return .success(.always)
            case (false, false): return .success(.never)
            case (true, false): return .success(conds.isEmpty ? .always : .conjunction(conds))
            case (false, true):
                return conds.isEmpty
                    ? .success(.never)
                    : .failure(ImportWhy("%{ENV:\(name)} is tested for being unset, the negation of its conditions, which Detour cannot say"))
            }
        }
    }

    /// A scheme test decided per scheme: `words` is what the variable holds for each.
    func schemeMeaning(_ words: [String: String]) -> Result<Meaning, ImportWhy> {
        let schemes = ["http", "https"].filter { holds(words[$0]!) }
        switch schemes.count {
        case 2: return .success(.always)
        case 1: return .success(.scheme(schemes[0]))
        default: return .success(.never)
        }
    }

    /// `%{TIME}` (`YYYYMMDDhhmmss`, local time; Detour reads it as UTC) compared as text with
    /// `>=`, `>`, `<` or `<=` and fourteen digits.
    func timeMeaning() -> Result<Meaning, ImportWhy> {
        let ops = [">=", "<=", ">", "<"]
        guard !negated, let op = ops.first(where: { pattern.hasPrefix($0) }) else {
            return .failure(ImportWhy("%{TIME} is tested with '\(pattern)'; Detour reads only >=, >, < or <= and fourteen digits"))
        }
        let digits = Array(pattern.dropFirst(op.count))
        guard digits.count == 14, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return .failure(ImportWhy("%{TIME} is compared with '\(String(digits))', not a full YYYYMMDDhhmmss moment"))
        }
        let s = String(digits)
        func part(_ from: Int, _ n: Int) -> String { String(digits[from..<(from + n)]) }
        let text = "\(part(0, 4))-\(part(4, 2))-\(part(6, 2))T\(part(8, 2)):\(part(10, 2)):\(part(12, 2))Z"
        guard let t = Timestamp(rfc3339: text) else { return .failure(ImportWhy("%{TIME} is compared with '\(s)', which is not a moment")) }
        let next = Timestamp(secondsSinceEpoch: t.secondsSinceEpoch + 1)
        switch op {
        case ">=": return .success(.window(starts: t, expires: nil))
        case ">": return .success(.window(starts: next, expires: nil))
        case "<": return .success(.window(starts: nil, expires: t))
        default: return .success(.window(starts: nil, expires: next))
        }
    }

    /// `${map:KEY}` (with an optional `|default`) where KEY is the path, as sent (a variable set
    /// from `%{THE_REQUEST}`) or decoded (`%{REQUEST_URI}`), and the map a `txt:` file: one exact
    /// path per line whose value the pattern matches.
    func lookupMeaning(_ environment: ApacheEnvironment) -> Result<Meaning, ImportWhy> {
        guard testString.hasSuffix("}"), let colon = testString.firstIndex(of: ":") else {
            return .failure(ImportWhy("the test string '\(testString)' is not one map lookup"))
        }
        let name = String(testString[testString.index(testString.startIndex, offsetBy: 2)..<colon])
        var key = String(testString[testString.index(after: colon)..<testString.index(before: testString.endIndex)])
        var fallback = ""
        if let bar = key.lastIndex(of: "|"), !key[bar...].contains("}") {
            fallback = String(key[key.index(after: bar)...])
            key = String(key[..<bar])
        }
        let raw: Bool
        if key.uppercased() == "%{REQUEST_URI}" {
            raw = false
        } else if key.uppercased().hasPrefix("%{ENV:"), key.hasSuffix("}"), case .rawPath? = environment[String(key.dropFirst(6).dropLast())] {
            raw = true
        } else {
            return .failure(ImportWhy("the map \(name) is looked up with '\(key)', which is not the request path"))
        }
        guard let map = environment.maps[name] else { return .failure(ImportWhy("no RewriteMap \(name) is declared in this context")) }
        guard case .text(let entries) = map else {
            if case .unreadable(let why) = map { return .failure(why) }
            return .failure(ImportWhy("the map \(name) does not hold paths"))
        }
        guard !negated, !pattern.hasPrefix("=") else { return .failure(ImportWhy("the lookup is compared in a way Detour cannot carry")) }
        if ApachePCRE.groups(pattern, caseless: caseless, in: fallback) != nil {
            return .failure(
                ImportWhy(
                    "the pattern also matches '\(fallback)', the answer for paths the map \(name) does not hold; Detour cannot say 'any other path'"))
        }
        guard let compiled = ApachePCRE(pattern, caseless: caseless) else {
            return .failure(ImportWhy("the pattern '\(pattern)' cannot be read"))
        }
        var out: [(path: String, groups: [String])] = []
        for (path, value) in entries {
            guard let groups = compiled.groups(in: value) else { continue }
            out.append((path, groups))
        }
        return .success(.lookup(out, raw: raw))
    }
}
