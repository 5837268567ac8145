/// The variables an nginx configuration defines — `map` (chains included: a map whose source is
/// another map's variable), `geo` with only a `default`, `split_clients`, and the rewrite
/// phase's `set` — evaluated on concrete values the way nginx evaluates them, so the importer
/// can tell what a variable means for a request without reading the text it was written in.
final class NginxVariables {
    /// Values fixed for one evaluation: request variables (`request_uri`, `args`) or whole
    /// variables the importer reasons about (a flag's value, the path).
    typealias Bindings = [String: String]

    private(set) var maps: [String: NginxMapTable] = [:]
    private(set) var constants: [String: String] = [:]
    private(set) var splits: [String: NginxSplitBlock] = [:]
    /// Maps that list host names (`hostnames`): their keys are name patterns.
    private var hostnameMaps = Set<String>()
    private var exactIndex: [String: [String: Int]] = [:]
    private var compiled: [String: NginxPCRE?] = [:]
    private var roles: [String: NginxVariableRole?] = [:]

    /// Takes `map`, `geo` and `split_clients` directives; false for any other.
    func define(_ d: NginxDirective) -> Bool {
        switch d.name {
        case "map":
            guard let m = NginxMapTable.parse(d) else { return false }
            define(m)
        case "geo":
            // Only the constant form: `geo $v { default VALUE; }` gives every client one value.
            guard d.args.count == 1, d.args[0].hasPrefix("$"), let block = d.block, block.count == 1, block[0].name == "default",
                block[0].args.count == 1
            else { return false }
            constants[String(d.args[0].dropFirst())] = block[0].args[0]
        case "split_clients":
            guard let s = NginxSplitBlock(d) else { return false }
            splits[s.variable] = s
        default: return false
        }
        return true
    }

    /// Takes a `map` already read (a 10⁵-entry table is not read twice).
    func define(_ m: NginxMapTable) {
        maps[m.variable] = m
        if m.directive.block?.contains(where: { $0.name == "hostnames" }) == true { hostnameMaps.insert(m.variable) }
    }

    func isDefined(_ name: String) -> Bool { maps[name] != nil || constants[name] != nil || splits[name] != nil }

    // MARK: evaluation

    /// The value of `$name`, nil when it depends on something `bindings` does not fix.
    func value(_ name: String, _ bindings: Bindings, sets: [String: String] = [:], depth: Int = 0) -> String? {
        if let v = bindings[name] { return v }
        guard depth < 32 else { return nil }
        if let template = sets[name] {
            var inner = sets
            inner[name] = nil
            return expand(template, bindings, sets: inner, depth: depth + 1)
        }
        if let c = constants[name] { return c }
        guard let m = maps[name] else { return nil }
        // Without keys every subject gives the default, whatever the request.
        if m.exact.isEmpty && m.regexes.isEmpty { return expand(m.defaultValue, bindings, sets: sets, depth: depth + 1) }
        guard let subject = expand(m.source, bindings, sets: sets, depth: depth + 1) else { return nil }
        if let i = exactEntries(m)[asciiLowercased(subject)] {
            return expand(m.exact[i].value, bindings, sets: sets, depth: depth + 1)
        }
        for e in m.regexes {
            guard let rx = e.regex, let re = pcre(rx.pattern, caseless: rx.caseless) else { return nil }
            if let caps = re.captures(in: subject) { return expand(e.value, bindings, sets: sets, captures: caps, depth: depth + 1) }
        }
        return expand(m.defaultValue, bindings, sets: sets, depth: depth + 1)
    }

    /// `text` with its variables replaced; nil when one of them is not fixed.
    func expand(_ text: String, _ bindings: Bindings, sets: [String: String] = [:], captures: [String: String] = [:], depth: Int = 0) -> String? {
        var out = ""
        for piece in NginxValueTemplate.pieces(text) {
            switch piece {
            case .literal(let s): out += s
            case .variable(let n):
                if let c = captures[n] {
                    out += c
                } else if n.allSatisfy(\.isNumber) {
                    // A capture that took no part is empty.
                    continue
                } else {
                    guard let v = value(n, bindings, sets: sets, depth: depth) else { return nil }
                    out += v
                }
            }
        }
        return out
    }

    /// The variables `$name` reads, down to the ones with a role or that nginx sets from the request.
    func leaves(of name: String, sets: [String: String] = [:], into out: inout Set<String>, visited: inout Set<String>, depth: Int = 0) {
        guard depth < 32, !out.contains(name), visited.insert(name).inserted else { return }
        if role(of: name) != nil {
            out.insert(name)
            return
        }
        var templates: [String] = []
        if let t = sets[name] {
            templates = [t]
        } else if let m = maps[name] {
            templates = [m.source, m.defaultValue] + m.exact.map(\.value) + m.regexes.map(\.value)
        } else if splits[name] == nil && constants[name] == nil {
            out.insert(name)
            return
        }
        var inner = sets
        inner[name] = nil
        let named = Set(maps[name]?.regexes.flatMap { NginxVariables.groupNames($0.regex?.pattern ?? "") } ?? [])
        for t in templates {
            for case .variable(let v) in NginxValueTemplate.pieces(t) where !v.allSatisfy(\.isNumber) && !named.contains(v) {
                leaves(of: v, sets: inner, into: &out, visited: &visited, depth: depth + 1)
            }
        }
    }

    func pcre(_ pattern: String, caseless: Bool) -> NginxPCRE? {
        let key = (caseless ? "i:" : "s:") + pattern
        if let c = compiled[key] { return c }
        let c = NginxPCRE(pattern, caseless: caseless)
        compiled[key] = c
        return c
    }

    private func exactEntries(_ m: NginxMapTable) -> [String: Int] {
        if let e = exactIndex[m.variable] { return e }
        var index: [String: Int] = [:]
        for (i, e) in m.exact.enumerated() where index[asciiLowercased(e.key)] == nil { index[asciiLowercased(e.key)] = i }
        exactIndex[m.variable] = index
        return index
    }

    // MARK: roles

    /// What `$name` means for a request, when it is one of the kinds Detour has a field for.
    func role(of name: String) -> NginxVariableRole? {
        if let r = roles[name] { return r }
        let r = computeRole(name)
        roles[name] = r
        return r
    }

    private func computeRole(_ name: String) -> NginxVariableRole? {
        if let c = constants[name] { return .constant(c) }
        if let s = splits[name] { return s.role }
        guard let m = maps[name] else { return nil }
        if m.exact.isEmpty && m.regexes.isEmpty && !m.defaultValue.contains("$") { return .constant(m.defaultValue) }
        if m.source == "$request_uri" && Self.pathSamples.allSatisfy({ value(name, ["request_uri": $0.0]) == $0.1 }) { return .path }
        if m.source == "$args" || m.source == "$query_string" {
            let probes = [("", ""), ("a=1", "&a=1"), ("x", "&x"), ("q=1&r=%20", "&q=1&r=%20")]
            if probes.allSatisfy({ value(name, ["args": $0.0, "query_string": $0.0]) == $0.1 }) { return .queryAppend }
        }
        let pieces = NginxValueTemplate.pieces(m.source)
        if pieces.count == 1, case .variable(let source) = pieces[0], let kind = NginxRequestVariable.conditionKind(source), kind.0 == .header,
            Self.schemeSamples.allSatisfy({ value(name, [source: $0.header, "scheme": $0.connection]) == $0.scheme })
        {
            return .scheme(header: kind.1)
        }
        if pieces.count == 1, case .variable(let source) = pieces[0], case .scheme(let header)? = role(of: source),
            (m.exact + m.regexes).allSatisfy({ !$0.value.contains("$") }), !m.defaultValue.contains("$")
        {
            let tests = NginxFlagMeaning.tests(of: m, source: "scheme", hostnames: false, variables: self)
            return .flag(
                tests.mapValues { t in
                    guard case .scheme(let s, _)? = t else { return t }
                    return .scheme(s, header: header)
                })
        }
        // A map of the path is a table of paths (`return 301 $new;`), not a test.
        guard pieces.count == 1, case .variable(let source) = pieces[0], NginxRequestVariable.isRequestVariable(source),
            !["uri", "request_uri", "document_uri"].contains(source)
        else { return nil }
        let values = m.exact.map(\.value) + m.regexes.map(\.value) + [m.defaultValue]
        guard values.allSatisfy({ !$0.contains("$") }) else { return nil }
        return .flag(NginxFlagMeaning.tests(of: m, source: source, hostnames: hostnameMaps.contains(name), variables: self))
    }

    /// A trusted header's value, the connection's scheme, and the scheme a request has then.
    static let schemeSamples: [(header: String, connection: String, scheme: String)] = [
        ("https", "http", "https"), ("HTTP", "https", "http"), ("", "https", "https"), ("", "http", "http"), ("ftp", "http", "http"),
        ("https, http", "http", "http")
    ]

    /// Request URIs and the path before their `?`.
    static let pathSamples: [(String, String)] = [
        ("/", "/"), ("/a/b?x=1", "/a/b"), ("/x%20y?", "/x%20y"), ("/p/1-a.php?q=1?2", "/p/1-a.php"), ("/caf%C3%A9", "/caf%C3%A9")
    ]

    /// The names of `(?<name>…)` groups in a pattern (nginx sets them as variables).
    static func groupNames(_ pattern: String) -> [String] {
        var out: [String] = []
        var rest = Substring(pattern)
        while let r = rest.range(of: "(?<") {
            rest = rest[r.upperBound...]
            guard let close = rest.firstIndex(of: ">") else { break }
            let n = rest[..<close]
            if !n.isEmpty, !n.hasPrefix("="), !n.hasPrefix("!") { out.append(String(n)) }
            rest = rest[close...]
        }
        return out
    }
}

/// What a variable means for a request.
enum NginxVariableRole: Equatable {
    /// The path as requested (`$request_uri` before `?`): what Detour matches.
    case path
    /// `""` without arguments, `&ARGS` with them: what a kept query adds to a target with its own.
    case queryAppend
    case constant(String)
    /// The request's scheme as the trusted header says it (`http`/`https` in any case), else
    /// the connection's: `map $http_x_forwarded_proto $s { http http; https https; default $scheme; }`.
    case scheme(header: String)
    /// A variable with a few constant values, each with the request test that gives it (nil: no
    /// Detour field says it).
    case flag([String: NginxRequestTest?])
}

/// nginx text with variables: `$name`, `${name}`, `$1`.
enum NginxValueTemplate {
    enum Piece: Equatable {
        case literal(String)
        case variable(String)
    }

    static func pieces(_ text: String) -> [Piece] {
        var out: [Piece] = []
        var literal = ""
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            guard chars[i] == "$", i + 1 < chars.count else {
                literal.append(chars[i])
                i += 1
                continue
            }
            var j = i + 1
            var name = ""
            if chars[j] == "{" {
                guard let close = chars[j...].firstIndex(of: "}") else {
                    literal.append(chars[i])
                    i += 1
                    continue
                }
                name = String(chars[(j + 1)..<close])
                j = close + 1
            } else if chars[j].isASCII, chars[j].isNumber {
                name = String(chars[j])
                j += 1
            } else {
                while j < chars.count, chars[j].isASCII, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" {
                    name.append(chars[j])
                    j += 1
                }
            }
            guard !name.isEmpty else {
                literal.append(chars[i])
                i += 1
                continue
            }
            if !literal.isEmpty { out.append(.literal(literal)) }
            literal = ""
            out.append(.variable(name))
            i = j
        }
        if !literal.isEmpty { out.append(.literal(literal)) }
        return out
    }
}

/// ASCII-only lower case, as nginx compares map keys.
func asciiLowercased(_ s: String) -> String {
    guard s.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5a }) else { return s }
    return String(decoding: s.utf8.map { $0 >= 0x41 && $0 <= 0x5a ? $0 + 32 : $0 }, as: UTF8.self)
}
