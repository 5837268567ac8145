/// What a target template says about where a redirect lands: on the request's own host, on a fixed
/// host, or on a host built from the request; and its path as literal pieces and placeholders, each
/// placeholder standing for the language of strings it can produce.
struct TargetShape {
    enum Capture: Hashable {
        case splat
        case group(Int)
        case path, query, host
    }
    enum Piece {
        case literal([UInt8])
        case capture(Capture)
    }
    enum Landing: Equatable {
        /// The same host as the request (a path target, or `{host}`).
        case sameHost
        /// A fixed host (lower-case, without port).
        case host(String, port: Int?)
        /// A host that depends on the request (a placeholder in the authority): not followed.
        case dynamic
    }

    let landing: Landing
    /// The scheme of an absolute target, nil when it keeps the request's.
    let scheme: String?
    /// Up to the first `?` or `#`.
    let pathPieces: [Piece]
    /// The part after `?` (literal text and placeholders) is ignored for path matching.
    let hasQuery: Bool

    init(_ target: Target) {
        // The common case, a fixed path like "/products/42": read it as bytes.
        if target.parts.count == 1, case .literal(let text) = target.parts[0] {
            var it = text.utf8.makeIterator()
            let first = it.next()
            let second = it.next()
            if first == 0x2f && second != 0x2f && second != 0x5c {
                var path: [UInt8] = []
                path.reserveCapacity(text.utf8.count)
                var query = false
                for b in text.utf8 {
                    if b == 0x3f || b == 0x23 {
                        query = true
                        break
                    }
                    path.append(b)
                }
                landing = .sameHost
                scheme = nil
                pathPieces = path.isEmpty ? [] : [.literal(path)]
                hasQuery = query
                return
            }
        }
        var parts = target.parts[...]
        var landing: Landing = .dynamic
        var scheme: String? = nil
        if case .literal(let first)? = parts.first {
            let lower = first.lowercased()
            if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
                let s = lower.hasPrefix("https") ? "https" : "http"
                scheme = s
                let afterScheme = first.dropFirst(s.count + 3)
                let authEnd = afterScheme.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" || $0 == "\\" }
                if let authEnd {
                    let auth = String(afterScheme[..<authEnd])
                    let resolved = LocationResolver.resolve(s + "://" + auth + "/", scheme: s, host: "")
                    landing = resolved.map { .host($0.host, port: $0.port) } ?? .dynamic
                    parts.removeFirst()
                    parts.insert(.literal(String(afterScheme[authEnd...])), at: parts.startIndex)
                } else if afterScheme.isEmpty, parts.count > 1, case .host = parts[parts.index(after: parts.startIndex)] {
                    landing = .sameHost
                    parts.removeFirst(2)
                } else {
                    parts.removeFirst()
                    let literalHost = afterScheme.isEmpty ? nil : String(afterScheme)
                    // A host completed by a placeholder, or a bare `https://host` with nothing after it.
                    if parts.isEmpty, let h = literalHost, let r = LocationResolver.resolve(s + "://" + h, scheme: s, host: "") {
                        landing = .host(r.host, port: r.port)
                        parts = [.literal("/")]
                    } else {
                        landing = .dynamic
                    }
                }
            } else if first.hasPrefix("/") && !first.hasPrefix("//") && !first.hasPrefix("/\\") {
                landing = .sameHost
            } else if first == "/", parts.count > 1 {
                landing = .dynamic
            }
        }
        self.landing = landing
        self.scheme = scheme
        var pieces: [Piece] = []
        var hasQuery = false
        outer: for p in parts {
            switch p {
            case .literal(let text):
                if let cut = text.firstIndex(where: { $0 == "?" || $0 == "#" }) {
                    let head = Array(text[..<cut].utf8)
                    if !head.isEmpty { pieces.append(.literal(head)) }
                    hasQuery = true
                    break outer
                }
                pieces.append(.literal(Array(text.utf8)))
            case .splat: pieces.append(.capture(.splat))
            case .group(let n): pieces.append(.capture(.group(n)))
            case .path: pieces.append(.capture(.path))
            case .query: pieces.append(.capture(.query))
            case .host: pieces.append(.capture(.host))
            }
        }
        self.pathPieces = pieces
        self.hasQuery = hasQuery
    }

    /// The path when it has no placeholder.
    var literalPath: [UInt8]? {
        var out: [UInt8] = []
        for p in pathPieces {
            guard case .literal(let b) = p else { return nil }
            out += b
        }
        return out.isEmpty ? [0x2f] : out
    }

    /// The literal bytes every landing path starts with.
    var literalHead: [UInt8] {
        var out: [UInt8] = []
        for p in pathPieces {
            guard case .literal(let b) = p else { break }
            out += b
        }
        return out
    }

    /// The regex node of one placeholder's possible values for `rule`.
    static func captureNode(_ c: Capture, rule: Rule, site: SiteSettings) -> RegexNode {
        switch c {
        case .splat: return PathLanguages.anyPath
        case .group(let n):
            if case .regex(let r) = rule.source.kind, let g = PathLanguages.groupNode(r.root, n) {
                return restrict(g, to: PathLanguages.pathByte)
            }
            return PathLanguages.anyPath
        case .path: return .concat([.bytes(ByteSet([0x2f])), PathLanguages.anyPath])
        case .query: return .repetition(.bytes(PathLanguages.queryByte), min: 0, max: nil)
        case .host:
            var hosts: [String] = []
            switch rule.host {
            case .exact(let h)?: hosts = [TrustedHosts.stripPort(h)]
            default:
                for h in site.hosts { if case .exact(let e) = h { hosts.append(TrustedHosts.stripPort(e)) } }
                if site.hosts.contains(where: {
                    if case .suffix = $0 { return true }
                    return false
                }) || rule.host != nil || hosts.isEmpty {
                    // A suffix host: any label in front of the suffix.
                    let label: RegexNode = .repetition(.bytes(TrustedHosts.labelBytes), min: 1, max: nil)
                    var alts = hosts.map { PathLanguages.literal(Array($0.utf8)) }
                    for h in site.hosts + (rule.host.map { [$0] } ?? []) {
                        if case .suffix(let s) = h { alts.append(.concat([label, PathLanguages.literal(Array(("." + s).utf8))])) }
                    }
                    if alts.isEmpty { alts = [label] }
                    return .alternation(alts)
                }
            }
            return .alternation(hosts.map { PathLanguages.literal(Array($0.utf8)) })
        }
    }

    /// `node` with every byte class narrowed to `set` (a capture from a path holds path bytes only).
    static func restrict(_ node: RegexNode, to set: ByteSet) -> RegexNode {
        switch node {
        case .bytes(let s): return .bytes(s ∩ set)
        case .concat(let p): return .concat(p.map { restrict($0, to: set) })
        case .alternation(let p): return .alternation(p.map { restrict($0, to: set) })
        case .group(let i, let c): return .group(restrict(i, to: set), capture: c)
        case .repetition(let i, let lo, let hi): return .repetition(restrict(i, to: set), min: lo, max: hi)
        default: return node
        }
    }

    /// Every byte `node` can match anywhere.
    static func alphabet(_ node: RegexNode) -> ByteSet {
        switch node {
        case .bytes(let s): return s
        case .concat(let p), .alternation(let p): return p.reduce(ByteSet()) { $0 ∪ alphabet($1) }
        case .group(let i, _), .repetition(let i, _, _): return alphabet(i)
        default: return ByteSet()
        }
    }

    static func node(_ piece: Piece, rule: Rule, site: SiteSettings) -> RegexNode {
        switch piece {
        case .literal(let b): return PathLanguages.literal(b)
        case .capture(let c): return captureNode(c, rule: rule, site: site)
        }
    }

    /// Splits a string of the pieces' language back into each piece's value (first split found).
    static func split(_ s: [UInt8], pieces: [Piece], rule: Rule, site: SiteSettings) -> [[UInt8]]? {
        let dfas: [DFA?] = pieces.map { p in
            if case .literal = p { return nil }
            return try? DFA(wholeMatch: node(p, rule: rule, site: site))
        }
        var memo: [Int: [[UInt8]]?] = [:]
        func go(_ k: Int, _ pos: Int) -> [[UInt8]]? {
            if k == pieces.count { return pos == s.count ? [] : nil }
            let key = k * (s.count + 1) + pos
            if let m = memo[key] { return m }
            var result: [[UInt8]]? = nil
            switch pieces[k] {
            case .literal(let b):
                if pos + b.count <= s.count, Array(s[pos..<(pos + b.count)]) == b, let rest = go(k + 1, pos + b.count) { result = [b] + rest }
            case .capture:
                guard let dfa = dfas[k] else { break }
                var state: Int32 = 0
                var end = pos
                var candidates: [Int] = []
                if dfa.isAccepting(0) { candidates.append(pos) }
                while end < s.count {
                    state = dfa.step(state, s[end])
                    end += 1
                    if state < 0 { break }
                    if dfa.isAccepting(state) { candidates.append(end) }
                }
                for e in candidates.reversed() {
                    if let rest = go(k + 1, e) {
                        result = [Array(s[pos..<e])] + rest
                        break
                    }
                }
            }
            memo[key] = result
            return result
        }
        return go(0, 0)
    }
}
