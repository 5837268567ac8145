@testable import DetourCore

/// The naive matcher the indexed one is checked against: every rule in order, every check written
/// out directly, regexes run by a backtracking interpreter of the AST (so the Pike VM's captures are
/// checked too). Only tests use it.
struct ReferenceMatcher {
    let ruleSet: RuleSet
    let semantics: PathSemantics
    let rollout: RolloutDecider

    func firstMatch(_ request: HTTPRequest) -> RuleMatch? {
        guard let path = semantics.requestPath(request.path) else { return nil }
        var host = request.host.lowercased()
        if host.hasSuffix(".") { host.removeLast() }
        var variants = [path]
        if semantics.foldsTrailingSlash {
            if path.count > 1 && path.last == 0x2f {
                variants.append(Array(path.dropLast()))
            } else if path.last != 0x2f {
                variants.append(path + [0x2f])
            }
        }
        for (index, rule) in ruleSet.rules.enumerated() {
            guard rule.enabled else { continue }
            if let r = rule.rollout, r.basisPoints == 0 { continue }
            if let methods = rule.methods, !methods.contains(request.method) { continue }
            if let s = rule.starts, request.time < s { continue }
            if let e = rule.expires, !(request.time < e) { continue }
            if let pattern = rule.host {
                guard pattern.matches(host) else { continue }
            } else if !ruleSet.site.hosts.isEmpty && !ruleSet.site.isSiteHost(host) {
                continue
            }
            guard rule.allConditions.allSatisfy({ holds($0, request) }) else { continue }
            guard let captures = sourceCaptures(rule.source, variants) else { continue }
            guard rollout.includes(rule, request) else { continue }
            return RuleMatch(ruleIndex: index, captures: captures)
        }
        return nil
    }

    private func lower(_ b: [UInt8]) -> [UInt8] { b.map { $0 >= 0x41 && $0 <= 0x5a ? $0 + 0x20 : $0 } }

    private func sourceCaptures(_ source: Source, _ variants: [[UInt8]]) -> [String]? {
        switch source.kind {
        case .exact(let text):
            var key = semantics.sourcePath(text)
            var path = variants[0]
            if semantics.caseInsensitiveLiterals {
                key = lower(key)
                path = lower(path)
            }
            if semantics.foldsTrailingSlash {
                if key.count > 1 && key.last == 0x2f { key.removeLast() }
                if path.count > 1 && path.last == 0x2f { path.removeLast() }
            }
            return key == path ? [] : nil
        case .prefix(let text):
            let key = semantics.sourcePath(text)
            for v in variants {
                let a = semantics.caseInsensitiveLiterals ? lower(v) : v
                let k = semantics.caseInsensitiveLiterals ? lower(key) : key
                if a.count >= k.count && Array(a[0..<k.count]) == k { return [String(decoding: v[k.count...], as: UTF8.self)] }
            }
            return nil
        case .regex(let regex):
            for v in variants {
                if let slots = BacktrackingRegex.search(regex, v, caseInsensitive: semantics.caseInsensitiveRegex) {
                    return (0..<regex.groupCount).map { g in
                        let s = slots[2 * g + 2]
                        let e = slots[2 * g + 3]
                        return s >= 0 && e >= s ? String(decoding: v[s..<e], as: UTF8.self) : ""
                    }
                }
            }
            return nil
        }
    }

    private func holds(_ c: Condition, _ request: HTTPRequest) -> Bool {
        let value: String?
        switch c.kind {
        case .header: value = request.header(c.name)
        case .cookie: value = request.cookie(c.name)
        case .query:
            value =
                (request.query ?? "").split(separator: "&").lazy.compactMap { pair -> String? in
                    let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    return kv[0] == c.name ? (kv.count == 2 ? String(kv[1]) : "") : nil
                }.first
        }
        guard let value else { return false }
        switch c.value {
        case .present: return true
        case .exact(let v): return v == value
        case .regex(let r): return BacktrackingRegex.search(r, Array(value.utf8), caseInsensitive: false) != nil
        }
    }
}

/// A backtracking interpreter of the portable-regex AST with PCRE's preferences (leftmost start,
/// greedy, alternatives in order, an iteration past the minimum must consume input).
enum BacktrackingRegex {
    static func search(_ regex: PortableRegex, _ input: [UInt8], caseInsensitive: Bool) -> [Int]? {
        let slotCount = 2 * (regex.groupCount + 1)
        for start in 0...input.count {
            var result: [Int]? = nil
            var slots = Array(repeating: -1, count: slotCount)
            slots[0] = start
            _ = match(regex.root, input, start, slots, caseInsensitive) { end, s in
                var r = s
                r[1] = end
                result = r
                return true
            }
            if let result { return result }
        }
        return nil
    }

    private static func match(
        _ node: RegexNode, _ input: [UInt8], _ pos: Int, _ slots: [Int], _ ci: Bool,
        _ k: (Int, [Int]) -> Bool
    ) -> Bool {
        switch node {
        case .empty: return k(pos, slots)
        case .bytes(let set):
            guard pos < input.count else { return false }
            let b = input[pos]
            var ok = set.contains(b)
            if !ok && ci {
                if b >= 0x41 && b <= 0x5a { ok = set.contains(b + 0x20) } else if b >= 0x61 && b <= 0x7a { ok = set.contains(b - 0x20) }
            }
            return ok && k(pos + 1, slots)
        case .concat(let parts):
            return sequence(parts[...], input, pos, slots, ci, k)
        case .alternation(let alternatives):
            for alt in alternatives where match(alt, input, pos, slots, ci, k) { return true }
            return false
        case .group(let inner, let capture):
            return match(inner, input, pos, slots, ci) { end, s in
                guard let n = capture else { return k(end, s) }
                var t = s
                t[2 * n] = pos
                t[2 * n + 1] = end
                return k(end, t)
            }
        case .repetition(let inner, let minimum, let maximum):
            return repeatMatch(inner, minimum, maximum, 0, input, pos, slots, ci, k)
        case .startAnchor: return pos == 0 && k(pos, slots)
        case .endAnchor:
            return (pos == input.count || (pos == input.count - 1 && input[pos] == 0x0a)) && k(pos, slots)
        }
    }

    private static func sequence(
        _ parts: ArraySlice<RegexNode>, _ input: [UInt8], _ pos: Int, _ slots: [Int], _ ci: Bool,
        _ k: (Int, [Int]) -> Bool
    ) -> Bool {
        guard let first = parts.first else { return k(pos, slots) }
        return match(first, input, pos, slots, ci) { p, s in sequence(parts.dropFirst(), input, p, s, ci, k) }
    }

    private static func repeatMatch(
        _ inner: RegexNode, _ minimum: Int, _ maximum: Int?, _ count: Int, _ input: [UInt8], _ pos: Int,
        _ slots: [Int], _ ci: Bool, _ k: (Int, [Int]) -> Bool
    ) -> Bool {
        if count < minimum {
            return match(inner, input, pos, slots, ci) { p, s in repeatMatch(inner, minimum, maximum, count + 1, input, p, s, ci, k) }
        }
        if maximum == nil || count < maximum! {
            if match(inner, input, pos, slots, ci, { p, s in p != pos && repeatMatch(inner, minimum, maximum, count + 1, input, p, s, ci, k) }) {
                return true
            }
        }
        return k(pos, slots)
    }
}
