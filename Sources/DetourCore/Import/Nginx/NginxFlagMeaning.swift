/// Which request test gives each value of a `map` whose source is one request variable
/// (`$host`, `$scheme`, `$request_method`, `$http_*`, `$cookie_*`, `$arg_*`, `$msec`,
/// `$remote_addr`). A value reached only through `default` is the complement of the other keys,
/// which Detour says only where the complement is itself a test (presence, a moment in time).
enum NginxFlagMeaning {
    static func tests(of m: NginxMapTable, source: String, hostnames: Bool, variables: NginxVariables) -> [String: NginxRequestTest?] {
        if source == "msec" { return timeTests(m, variables) }
        var byValue: [String: [NginxMapTable.Entry]] = [:]
        for e in m.exact + m.regexes { byValue[e.value, default: []].append(e) }
        var out: [String: NginxRequestTest?] = [:]
        let others = { (v: String) in (m.exact + m.regexes).filter { $0.value != v } }
        // Regex keys are tried in order: two values among them would depend on that order.
        let regexValues = Set(m.regexes.map(\.value))
        for (value, entries) in byValue where value != m.defaultValue {
            let ordered = regexValues.count > 1 && regexValues.contains(value)
            out[value] = ordered ? .some(nil) : .some(test(entries, source: source, hostnames: hostnames))
        }
        let rest = others(m.defaultValue)
        if rest.isEmpty {
            out[m.defaultValue] = .some(.always)
        } else if out[m.defaultValue] == nil {
            out[m.defaultValue] = .some(complement(rest, source: source))
        } else {
            out[m.defaultValue] = .some(nil)
        }
        return out
    }

    /// The test that a key of `entries` matches.
    private static func test(_ entries: [NginxMapTable.Entry], source: String, hostnames: Bool) -> NginxRequestTest? {
        switch source {
        case "host", "http_host":
            var hosts: [HostPattern] = []
            for e in entries {
                if let rx = e.regex {
                    guard let h = NginxHostRegex.hosts(rx.pattern) else { return nil }
                    hosts += h
                } else {
                    var key = e.key
                    if hostnames && key.hasPrefix(".") {
                        key = String(key.dropFirst())
                        guard let x = HostPattern(text: key), let s = HostPattern(text: "*." + key) else { return nil }
                        hosts += [x, s]
                        continue
                    }
                    guard hostnames || !key.contains("*"), let h = HostPattern(text: asciiLowercased(key)) else { return nil }
                    hosts.append(h)
                }
            }
            return .hosts(hosts)
        case "request_method":
            guard entries.allSatisfy({ $0.regex == nil }) else { return nil }
            return .methods(entries.map { $0.key.uppercased() })
        case "scheme":
            guard entries.count == 1, entries[0].regex == nil, ["http", "https"].contains(asciiLowercased(entries[0].key)) else { return nil }
            return .scheme(asciiLowercased(entries[0].key), header: nil)
        case "remote_addr":
            // The client address is never empty.
            return entries.allSatisfy({ $0.regex == nil && $0.key.isEmpty }) ? .never : nil
        default:
            guard entries.count == 1, let kind = NginxRequestVariable.conditionKind(source) else { return nil }
            let e = entries[0]
            let value: ConditionValue
            if let rx = e.regex {
                guard let text = EmittedRegexText.portable(rx.pattern), case .success(let r) = NginxRegex.portable(text, caseless: rx.caseless)
                else { return nil }
                value = literalValue(r) ?? .regex(r)
            } else {
                // An empty value is an absent one for nginx; exact keys compare without case.
                guard !e.key.isEmpty else { return nil }
                if !e.key.contains(where: { $0.isLetter }) {
                    value = .exact(e.key)
                } else {
                    guard case .success(let r) = NginxRegex.portable("^" + NginxRegex.escaped(e.key) + "$", caseless: true) else { return nil }
                    value = .regex(r)
                }
            }
            return .condition(Condition(kind: kind.0, name: kind.1, value: value))
        }
    }

    /// The test that no key of `entries` matches.
    private static func complement(_ entries: [NginxMapTable.Entry], source: String) -> NginxRequestTest? {
        guard entries.count == 1, entries[0].regex == nil, entries[0].key.isEmpty else { return nil }
        if source == "remote_addr" { return .always }
        guard let kind = NginxRequestVariable.conditionKind(source) else { return nil }
        return .condition(Condition(kind: kind.0, name: kind.1, value: .present))
    }

    /// `^LITERAL$` as an exact value.
    private static func literalValue(_ r: PortableRegex) -> ConditionValue? {
        let p = r.pattern
        guard p.hasPrefix("^"), p.hasSuffix("$"), p.count >= 2 else { return nil }
        let body = String(p.dropFirst().dropLast())
        var out = ""
        var escaped = false
        for c in body {
            if escaped {
                guard !c.isLetter, !c.isNumber else { return nil }
                out.append(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                guard !"^$.|?*+()[]{}".contains(c) else { return nil }
                out.append(c)
            }
        }
        return escaped || out.isEmpty ? nil : .exact(out)
    }

    // MARK: time

    /// `$msec` is `SECONDS.MILLIS`; a map over it whose value changes once, at a whole second,
    /// is a time window edge (nginx has no numeric comparison, so configurations spell one as a
    /// regex). Found by bisection and checked around the edge and across the range.
    private static func timeTests(_ m: NginxMapTable, _ variables: NginxVariables) -> [String: NginxRequestTest?] {
        func at(_ t: Int64) -> String? { variables.value(m.variable, ["msec": tenDigits(t) + ".000"]) }
        let last: Int64 = 9_999_999_999
        var unknown: [String: NginxRequestTest?] = [:]
        for v in m.exact.map(\.value) + m.regexes.map(\.value) + [m.defaultValue] { unknown[v] = .some(nil) }
        guard let early = at(0), let late = at(last), early != late else { return unknown }
        var lo: Int64 = 0
        var hi: Int64 = last
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if at(mid) == early { lo = mid } else { hi = mid }
        }
        var probes: [Int64] = [0, hi - 1, hi, hi + 1, last]
        var step: Int64 = 1
        while step < last {
            probes += [hi - step, hi + step]
            step *= 7
        }
        for p in probes where p >= 0 && p <= last {
            guard at(p) == (p < hi ? early : late), variables.value(m.variable, ["msec": tenDigits(p) + ".999"]) == at(p) else { return unknown }
        }
        let edge = Timestamp(secondsSinceEpoch: hi)
        var out = unknown
        out[early] = .some(.before(edge))
        out[late] = .some(.notBefore(edge))
        return out
    }

    private static func tenDigits(_ t: Int64) -> String {
        let s = String(t)
        return String(repeating: "0", count: max(0, 10 - s.count)) + s
    }
}

/// The request variables nginx sets, and the Detour condition each `$http_`/`$cookie_`/`$arg_` is.
enum NginxRequestVariable {
    static let plain: Set<String> = [
        "host", "http_host", "scheme", "https", "request_method", "request_uri", "uri", "document_uri", "args", "query_string", "is_args",
        "remote_addr", "msec", "time_iso8601", "time_local", "server_name", "server_port"
    ]

    static func isRequestVariable(_ name: String) -> Bool {
        plain.contains(name) || conditionKind(name) != nil
    }

    static func conditionKind(_ name: String) -> (Condition.Kind, String)? {
        if name.hasPrefix("arg_"), name.count > 4 { return (.query, String(name.dropFirst(4))) }
        if name.hasPrefix("cookie_"), name.count > 7 { return (.cookie, String(name.dropFirst(7))) }
        if name.hasPrefix("http_"), name.count > 5, name != "http_host" { return (.header, String(name.dropFirst(5)).replacingUnderscores) }
        return nil
    }
}
