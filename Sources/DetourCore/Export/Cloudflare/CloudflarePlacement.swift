/// Which rules go to the Bulk Redirect List and which become Single Redirects, keeping Detour's
/// first-match order. Single Redirects run first (their phase precedes Bulk Redirects), stopping
/// at the first rule that matches; inside a list the most specific source wins instead of the
/// list order. So a rule may be a list entry only when
/// - the list can carry it (`CloudflareBulkRow.rows`),
/// - no later single redirect could match one of its requests (it would answer first), and
/// - every later list entry that could match one of its requests loses to it by Cloudflare's
///   documented order: only a longer subpath source beats a shorter one; precedence between an
///   exact source and a subpath source, or two entries for the same URL, is not documented.
/// Going from the last rule back decides each rule once: moving a rule to single redirects only
/// ever affects the rules before it.
struct CloudflarePlacement {
    /// For each planned rule, in order: its list rows, or nil for a single redirect.
    let rows: [[CloudflareBulkRow]?]

    init(_ rules: [PreparedRule]) {
        var rows: [[CloudflareBulkRow]?] = Array(repeating: nil, count: rules.count)
        var laterExact = Set<String>()
        var laterPrefix = Set<String>()
        var laterUnder = Set<String>()
        var laterSingles: [SingleShape] = []
        for i in rules.indices.reversed() {
            let r = rules[i]
            guard case .success(let candidate) = CloudflareBulkRow.rows(r) else {
                laterSingles.append(SingleShape(r))
                continue
            }
            let names = r.hosts.compactMap { h -> String? in if case .exact(let n) = h { return n } else { return nil } }
            let conflicts: Bool
            if let exact = r.exactPath {
                conflicts = names.contains { h in
                    laterExact.contains(h + "\u{0}" + exact) || Self.segmentPrefixes(exact).contains { laterPrefix.contains(h + "\u{0}" + $0) }
                }
            } else {
                conflicts = names.contains { laterUnder.contains($0 + "\u{0}" + r.prefix!) }
            }
            if conflicts || laterSingles.contains(where: { $0.overlaps(names: names, exact: r.exactPath, prefix: r.prefix) }) {
                laterSingles.append(SingleShape(r))
                continue
            }
            rows[i] = candidate
            for h in names {
                let path = r.exactPath ?? r.prefix!
                if r.exactPath != nil { laterExact.insert(h + "\u{0}" + path) } else { laterPrefix.insert(h + "\u{0}" + path) }
                for p in Self.segmentPrefixes(path) { laterUnder.insert(h + "\u{0}" + p) }
            }
        }
        self.rows = rows
    }

    /// Every prefix of `path` that ends with `/`, `path` itself included when it does: the
    /// subpath sources that match it.
    static func segmentPrefixes(_ path: String) -> [String] {
        let bytes = Array(path.utf8)
        return bytes.indices.filter { bytes[$0] == 0x2f }.map { String(decoding: bytes[...$0], as: UTF8.self) }
    }

    /// What the overlap test needs of a single redirect: its hosts (empty: every host) and a
    /// path it matches exactly, by prefix, or by regex (with the literal text it must start with).
    struct SingleShape {
        let hosts: [HostPattern]
        let exact: String?
        let prefix: String?
        let regex: CompiledRegex?
        let literalStart: String?

        init(_ r: PreparedRule) {
            hosts = r.hosts
            exact = r.exactPath
            prefix = r.prefix
            if case .regex(let re) = r.rule.source.kind {
                regex = CompiledRegex(re)
                literalStart = Self.literalStart(re.root)
            } else {
                regex = nil
                literalStart = nil
            }
        }

        /// The bytes an anchored regex must start with, nil when it is not anchored.
        static func literalStart(_ root: RegexNode) -> String? {
            guard case .concat(let parts) = root, parts.first == .startAnchor else { return nil }
            var out: [UInt8] = []
            for p in parts.dropFirst() {
                guard case .bytes(let set) = p, let b = set.single else { break }
                out.append(b)
            }
            return String(decoding: out, as: UTF8.self)
        }

        /// Whether some request for one of `names` on the exact path, or under the prefix, could match.
        func overlaps(names: [String], exact path: String?, prefix: String?) -> Bool {
            guard hosts.isEmpty || hosts.contains(where: { h in names.contains { h.matches($0) } }) else { return false }
            if let path {
                if let exact { return exact == path }
                if let p = self.prefix { return path.hasPrefix(p) }
                return regex?.matches(Array(path.utf8)) ?? true
            }
            let q = prefix!
            if let exact { return exact.hasPrefix(q) }
            if let p = self.prefix { return p.hasPrefix(q) || q.hasPrefix(p) }
            guard let start = literalStart else { return true }
            return start.hasPrefix(q) || q.hasPrefix(start)
        }
    }
}
