/// A `return` guarded by an `if` on variables the configuration defines, as Detour rules with
/// the same first-hop answers. The importer does not read what the variables are called or how
/// their text is spelled: it evaluates the `map`s, `set`s, `geo`s and `split_clients` behind the
/// condition for every value of the request tests they depend on (`NginxVariableRole.flag`) and
/// — when the path is one of them — for every key of the exact-path `map`s on the way, or splits
/// a regex on `PATH?FLAGS` into the path regex and the flag test.
struct NginxConditionalReturn {
    typealias Candidate = NginxImporter.Candidate
    typealias Bindings = NginxVariables.Bindings

    let variables: NginxVariables
    /// The `set`s in effect at the `return` (the block's own over the enclosing ones).
    let sets: [String: String]
    let server: NginxServerBlock
    /// The `add_header Cache-Control` value in force, when it carries variables.
    let cacheTemplate: String?
    let fixedCache: Result<CachePolicy, ImportWhy>

    /// The rules, and map entries that could not become one (with why).
    struct Output {
        var candidates: [Candidate] = []
        var refusedEntries: [(NginxDirective, ImportWhy)] = []
    }

    /// Whether this `if` is one for this translation: it tests a variable the configuration
    /// defines, other than a map of `$uri`/`$request_uri` (the classic `return 301 $new;` table).
    static func applies(_ d: NginxDirective, variables: NginxVariables, sets: [String: String]) -> Bool {
        guard let test = NginxVariableTest.parse(d) else { return false }
        if sets[test.variable] != nil { return true }
        if let m = variables.maps[test.variable], ["$uri", "$request_uri", "$document_uri"].contains(m.source),
            variables.role(of: test.variable) == nil
        {
            return false
        }
        return variables.isDefined(test.variable)
    }

    func translate(_ test: NginxVariableTest, code: StatusCode, url: String, at d: NginxDirective, scopeSource: () -> Result<Source, ImportWhy>)
        -> Result<Output, ImportWhy>
    {
        var leaves = Set<String>()
        var visited = Set<String>()
        variables.leaves(of: test.variable, sets: sets, into: &leaves, visited: &visited)
        if test.op == "=" || test.op == "!=" {
            for case .variable(let v) in NginxValueTemplate.pieces(test.operand) {
                variables.leaves(of: v, sets: sets, into: &leaves, visited: &visited)
            }
        }
        var flags: [String] = []
        var paths: [String] = []
        for v in leaves.sorted() {
            switch variables.role(of: v) {
            case .flag?: flags.append(v)
            case .path?: paths.append(v)
            case .constant?: break
            case .queryAppend?, .scheme?, nil:
                return .failure(ImportWhy("the condition depends on $\(v), which no Detour field tests this way"))
            }
        }
        guard paths.count <= 1 else { return .failure(ImportWhy("the condition reads the path through several variables")) }
        let combos = NginxFlagCombinations(flags: flags, variables: variables)
        guard combos.count <= 4096 else { return .failure(ImportWhy("the condition depends on too many request tests (\(flags.count))")) }
        guard let path = paths.first else {
            return scopeSource().flatMap { source in
                rule(source, captureCount: 0, test: test, combos: combos, bindings: [:], code: code, url: url, at: d).map {
                    Output(candidates: $0.map { [$0] } ?? [])
                }
            }
        }
        if let op = test.op, op == "~" || op == "~*", let subject = subjectTemplate(test.variable), subject.path == path {
            return regexOnPath(test, subject: subject.rest, caseless: op == "~*", path: path, combos: combos, code: code, url: url, at: d)
        }
        let tables = variables.maps.values.filter { visited.contains($0.variable) && $0.source == "$" + path }
        guard !tables.isEmpty else { return .failure(ImportWhy("the condition reads the path other than through a regex or an exact-key map")) }
        return exactPaths(tables.sorted { $0.directive.line < $1.directive.line }, test, path: path, combos: combos, code: code, url: url, at: d)
    }

    // MARK: a regex on the path

    /// `$var` as the path variable followed by the rest of its `set` text.
    private func subjectTemplate(_ name: String) -> (path: String, rest: String)? {
        if variables.role(of: name) == .path { return (name, "") }
        guard let t = sets[name], case .variable(let first)? = NginxValueTemplate.pieces(t).first, variables.role(of: first) == .path else {
            return nil
        }
        let spelled = t.hasPrefix("${") ? "${\(first)}" : "$" + first
        guard t.hasPrefix(spelled) else { return nil }
        return (first, String(t.dropFirst(spelled.count)))
    }

    private func regexOnPath(
        _ test: NginxVariableTest, subject rest: String, caseless: Bool, path: String, combos: NginxFlagCombinations, code: StatusCode, url: String,
        at d: NginxDirective
    ) -> Result<Output, ImportWhy> {
        guard let split = NginxPathRegexSplit(test.operand, restTemplate: rest) else {
            return .failure(ImportWhy("the regex tests more than the path and a leading condition on what follows it"))
        }
        guard let text = EmittedRegexText.portable(NginxRawPathClass.widen(split.pathRegex)) else {
            return .failure(ImportWhy("the regex has bytes Detour's syntax cannot hold"))
        }
        let portable: PortableRegex
        switch NginxRegex.portable(text, caseless: caseless) {
        case .success(let r): portable = r
        case .failure(let why): return .failure(why)
        }
        guard let source = try? Source.parse("~" + portable.pattern) else { return .failure(ImportWhy("the regex is not a Detour source")) }
        // Which values of the request tests let the leading condition hold.
        let holds: ([String: String]) -> Bool? = { b in
            guard let restValue = variables.expand(rest, b, sets: sets) else { return nil }
            return split.leadingConditionHolds(after: restValue, caseless: caseless, variables)
        }
        return rule(source, captureCount: portable.groupCount, holds: holds, combos: combos, bindings: [:], code: code, url: url, at: d).map {
            guard var c = $0 else { return Output() }
            if let (s, t) = NginxSourceShape.simplified(c.source, c.target) {
                c.source = s
                c.target = t
            }
            return Output(candidates: [c])
        }
    }

    // MARK: exact keys

    private func exactPaths(
        _ tables: [NginxMapTable], _ test: NginxVariableTest, path: String, combos: NginxFlagCombinations, code: StatusCode, url: String,
        at d: NginxDirective
    ) -> Result<Output, ImportWhy> {
        guard tables.allSatisfy({ $0.regexes.isEmpty }) else {
            return .failure(ImportWhy("a map of the path with regex keys decides this condition"))
        }
        var keys = Set<String>()
        let entries = tables.flatMap(\.exact)
        var probe = "/.detour-import-probe"
        while entries.contains(where: { asciiLowercased($0.key) == probe }) { probe += "-" }
        for combo in combos.all {
            var b = combo
            b[path] = probe
            if evaluate(test, b) != false {
                return .failure(ImportWhy("the condition also holds for paths the map does not list (or cannot be worked out)"))
            }
        }
        var out = Output()
        for e in entries where keys.insert(asciiLowercased(e.key)).inserted {
            guard let source = try? Source.parse(e.key), case .exact = source.kind else {
                out.refusedEntries.append((e.directive, ImportWhy("the key is not a path Detour can match exactly")))
                continue
            }
            let result = rule(source, captureCount: 0, test: test, combos: combos, bindings: [path: e.key], code: code, url: url, at: e.directive)
            switch result {
            case .failure(let why): out.refusedEntries.append((e.directive, why))
            case .success(nil): continue
            case .success(var c?):
                // nginx finds map keys without regard to case; whether the condition still holds
                // for another spelling decides whether the rule does.
                let swapped = String(e.key.map { $0.isUppercase ? Character($0.lowercased()) : Character($0.uppercased()) })
                if swapped != e.key {
                    c.caseless = combos.all.contains { combo in
                        var b = combo
                        b[path] = swapped
                        return evaluate(test, b) == true
                    }
                }
                c.note = e.directive.comments.isEmpty ? c.note : e.directive.comments.joined(separator: " ")
                out.candidates.append(c)
            }
        }
        return .success(out)
    }

    // MARK: one rule

    private func evaluate(_ test: NginxVariableTest, _ b: Bindings) -> Bool? {
        guard let v = variables.value(test.variable, b, sets: sets) else { return nil }
        return test.holds(v, variables, b, sets: sets)
    }

    private func rule(
        _ source: Source, captureCount: Int, test: NginxVariableTest, combos: NginxFlagCombinations, bindings: Bindings, code: StatusCode,
        url: String,
        at d: NginxDirective
    ) -> Result<Candidate?, ImportWhy> {
        rule(source, captureCount: captureCount, holds: { evaluate(test, $0) }, combos: combos, bindings: bindings, code: code, url: url, at: d)
    }

    /// The rule for `source` when the condition holds (`holds`) for the request-test values
    /// of one conjunction; `.success(nil)` when it never holds.
    private func rule(
        _ source: Source, captureCount: Int, holds: (Bindings) -> Bool?, combos: NginxFlagCombinations, bindings: Bindings, code: StatusCode,
        url: String, at d: NginxDirective
    ) -> Result<Candidate?, ImportWhy> {
        var truthy: [Bindings] = []
        for combo in combos.all {
            let b = combo.merging(bindings) { a, _ in a }
            guard let h = holds(b) else { return .failure(ImportWhy("the condition cannot be worked out from the request tests it reads")) }
            if h { truthy.append(b) }
        }
        guard !truthy.isEmpty else { return .success(nil) }
        let tests: [NginxRequestTest]
        switch combos.conjunction(truthy) {
        case .failure(let why): return .failure(why)
        case .success(let t): tests = t
        }
        guard let fields = NginxRequestTest.Fields(tests) else { return .success(nil) }
        var targets: [NginxTargetTemplate] = []
        var caches: [CachePolicy] = []
        for b in truthy {
            switch target(url, captureCount: captureCount, b) {
            case .failure(let why): return .failure(why)
            case .success(let t): targets.append(t)
            }
            switch cache(b) {
            case .failure(let why): return .failure(why)
            case .success(let c): caches.append(c)
            }
        }
        guard targets.allSatisfy({ $0.target.text == targets[0].target.text && $0.query == targets[0].query }), caches.allSatisfy({ $0 == caches[0] })
        else {
            return .failure(ImportWhy("the target or the Cache-Control differs between requests the condition lets through"))
        }
        var c = Candidate(source: source, target: targets[0].target, code: code, query: targets[0].query, directive: d)
        c.cache = caches[0]
        c.hostChoices = fields.hosts
        c.methods = fields.methods
        c.conditions = fields.conditions
        c.rollout = fields.rollout
        c.starts = fields.starts
        c.expires = fields.expires
        c.scheme = fields.scheme
        c.schemeHeader = fields.schemeHeader
        return .success(c)
    }

    private func target(_ url: String, captureCount: Int, _ b: Bindings) -> Result<NginxTargetTemplate, ImportWhy> {
        NginxTargetTemplate.translate(url, captureCount: captureCount, sourceIsPrefix: false, isRewrite: false, serverName: server.serverName) {
            name in
            switch variables.role(of: name) {
            case .path?: return .path
            case .queryAppend?: return .queryAppend
            case .constant(let c)?: return .literal(c)
            default:
                guard !NginxTargetTemplate.readsItself(name) else { return nil }
                return variables.value(name, b, sets: sets).map { .literal($0) }
            }
        }
    }

    private func cache(_ b: Bindings) -> Result<CachePolicy, ImportWhy> {
        guard let template = cacheTemplate else { return fixedCache }
        guard let text = variables.expand(template, b, sets: sets) else {
            return .failure(ImportWhy("the Cache-Control value '\(template)' depends on more than the condition"))
        }
        if text.isEmpty { return .success(.none) }
        guard let p = CachePolicy(text: text) else {
            return .failure(ImportWhy("the Cache-Control value '\(text)' is not one Detour's cache field can hold"))
        }
        return .success(p)
    }
}
