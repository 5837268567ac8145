#if canImport(Glibc)
    import Glibc
#endif

/// A plain exact rule whose whole target is one literal without a fragment — one line of an
/// exact-path map — reduced to what that line and its map need. Exporters that render from
/// `PlanItem`s receive these instead of a `PreparedRule`: a 10^6-rule set then costs no object,
/// no rule copy and no target array per rule.
struct ExactEntry: Sendable {
    /// The canonical raw path (the map key); the rule's own stored text when it is canonical
    /// already, so a bulk file's entries make no string.
    let path: RuleText
    /// `ExactPathTable.hash` of the path, computed while preparing (which runs on every core).
    let pathHash: UInt64
    /// The canonical literal target.
    let target: RuleText
    let cache: CachePolicy
    /// Position in the rule file (precedence).
    let index: Int32
    let code: UInt16
    /// `query: keep` (a literal target has no `{query}` placeholder to place the query itself).
    let keepsQuery: Bool
    /// True when the target carries a `?` (the request's query is then joined with `&`).
    let targetHasQuery: Bool
    /// True when the path or the target holds `$`, `\` or `"`, which nginx needs escaped.
    let needsEscaping: Bool

    var cacheHeader: String? { cache.headerValue }

    /// The entry of a fully prepared rule that is a map entry (`PreparedRule.isMapEntry`).
    init(_ p: PreparedRule) {
        let path = p.exactPath!
        let target = p.literalTarget!
        self.path = RuleText(path)
        pathHash = ExactPathTable.hash(path)
        self.target = RuleText(target)
        cache = p.rule.cache
        index = Int32(truncatingIfNeeded: p.index)
        code = UInt16(p.code)
        keepsQuery = p.keepsQuery
        targetHasQuery = p.targetHasQuery
        needsEscaping = Self.hasEscapable(path) || Self.hasEscapable(target)
    }

    /// The entry of `rule` straight from the rule, when it is a map entry that passes every check
    /// `PreparedRule` and the pipeline would make; nil sends the rule through full preparation,
    /// which then also reports any error exactly as for every other rule.
    /// A function, not an initialiser: its arguments are borrowed, so neither the rule nor the
    /// site is copied for each of 10^6 rules.
    static func of(_ rule: Rule, index: Int, site: SiteSettings, blocked: ExportFeatureSet) -> ExactEntry? {
        // The stored texts are read first, so a rule that is no map entry makes no string.
        guard let rawPathText = rule.source.exactPath, rule.target.isLiteral || rule.target.parts.count == 1,
            rule.host == nil, rule.scheme == nil, rule.methods == nil, rule.source.query.isEmpty, rule.conditions.isEmpty,
            rule.isFullRollout, rule.starts == nil, rule.expires == nil
        else { return nil }
        // The features `PreparedRule` would record for this rule, each allowed by the exporter.
        guard !blocked.contains(.exact), !blocked.contains(rule.query == .keep ? .queryKeep : .queryDrop),
            rule.cache == .none || !blocked.contains(.cacheHeader),
            !((site.trailingSlash == .fold || site.pathCase == .insensitive) && blocked.contains(.pathFolding))
        else { return nil }
        // One scan per text in the common case: a path of bytes allowed raw (no `%`) is already
        // canonical, so is a target of bytes allowed in a URL (no `%`), and neither holds a control.
        // A literal target and an exact source without a query are their whole texts (the common
        // case, settled without comparing or copying them).
        let rawTarget: RuleText
        let targetIsText = rule.target.isLiteral
        if targetIsText {
            rawTarget = rule.target.storedText
        } else {
            guard case .literal(let t) = rule.target.parts[0] else { return nil }
            rawTarget = RuleText(t)
        }
        guard !rawTarget.isEmpty else { return nil }
        let pathScan = rawPathText.withUTF8 { Self.scan($0) }
        let pathIsPlain = pathScan.all & Self.plainPath != 0
        guard (pathIsPlain && (rule.source.isExactText || rule.source.storedText == rawPathText)) || URLText.firstControl(in: rule.source.text) == nil
        else { return nil }
        let targetScan = rawTarget.withUTF8 { Self.scan($0) }
        let targetIsPlain = targetScan.all & Self.plainURL != 0
        guard (targetIsPlain && (targetIsText || rule.target.storedText == rawTarget)) || URLText.firstControl(in: rule.target.text) == nil else {
            return nil
        }
        let target = targetIsPlain ? rawTarget : RuleText(URLText.canonical(rawTarget.string))
        let hasQuery = targetIsPlain ? targetScan.any & Self.questionMark != 0 : target.contains(byte: 0x3f)
        let hasFragment = targetIsPlain ? targetScan.any & Self.hashMark != 0 : target.contains(byte: 0x23)
        guard !hasFragment else { return nil }
        let path = pathIsPlain ? rawPathText : RuleText(URLText.normalizedPath(rawPathText.string))
        return ExactEntry(
            path: path, pathHash: ExactPathTable.hash(path), target: target, cache: rule.cache,
            index: Int32(truncatingIfNeeded: index), code: UInt16(rule.code.rawValue), keepsQuery: rule.query == .keep, targetHasQuery: hasQuery,
            needsEscaping: pathIsPlain && targetIsPlain
                ? (pathScan.any | targetScan.any) & Self.escapable != 0 : Self.hasEscapable(path.string) || Self.hasEscapable(target.string))
    }

    private init(
        path: RuleText, pathHash: UInt64, target: RuleText, cache: CachePolicy, index: Int32, code: UInt16, keepsQuery: Bool, targetHasQuery: Bool,
        needsEscaping: Bool
    ) {
        self.path = path
        self.pathHash = pathHash
        self.target = target
        self.cache = cache
        self.index = index
        self.code = code
        self.keepsQuery = keepsQuery
        self.targetHasQuery = targetHasQuery
        self.needsEscaping = needsEscaping
    }

    private static func hasEscapable(_ text: String) -> Bool { text.utf8.contains { $0 == 0x24 || $0 == 0x5c || $0 == 0x22 } }

    // Byte classes for that scan: allowed raw in a canonical path and not `%` (the fast path of
    // `URLText.normalizedPath`); allowed in a canonical URL and not `%` (that of `URLText.canonical`).
    private static let plainPath: UInt8 = 1, plainURL: UInt8 = 2, questionMark: UInt8 = 4, hashMark: UInt8 = 8, escapable: UInt8 = 16
    private static let byteClass: [UInt8] = (0...255).map { n in
        let b = UInt8(n)
        var c: UInt8 = 0
        if PercentEncoding.isAllowedRawNotPercent(b) { c |= plainPath }
        if b != 0x25 && URLText.allowedInURL.contains(b) { c |= plainURL }
        if b == 0x3f { c |= questionMark }
        if b == 0x23 { c |= hashMark }
        if b == 0x24 || b == 0x5c || b == 0x22 { c |= escapable }
        return c
    }

    /// The classes every byte of `bytes` has (`all`) and some byte has (`any`).
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> (all: UInt8, any: UInt8) {
        byteClass.withUnsafeBufferPointer { table in
            var all: UInt8 = 0xFF
            var any: UInt8 = 0
            for b in bytes {
                let c = table[Int(b)]
                all &= c
                any |= c
            }
            return (all, any)
        }
    }
}

/// One exported rule as an exporter that writes exact-path maps sees it: a map entry, or a rule
/// prepared in full.
enum PlanItem: Sendable {
    case entry(ExactEntry)
    case rule(PreparedRule)
}

/// What a renderer receives per rule: `PreparedRule` (every rule prepared in full), or
/// `PlanItem` (plain exact rules as `ExactEntry`, skipping full preparation).
protocol PlannedRule: Sendable {
    /// The item of a rule that went through full preparation and the exporter's check.
    static func planned(_ prepared: PreparedRule) -> Self
    /// The item of a rule that needs no full preparation, or nil. Such a rule skips the exporter's
    /// `check`, so an item type only takes rules that check has nothing to say about.
    static func shortcut(_ rule: Rule, index: Int, site: SiteSettings, blocked: ExportFeatureSet) -> Self?
    /// The prepared rule, nil for a shortcut item (which has no time window).
    var prepared: PreparedRule? { get }
}

extension PreparedRule: PlannedRule {
    static func planned(_ prepared: PreparedRule) -> PreparedRule { prepared }
    static func shortcut(_ rule: Rule, index: Int, site: SiteSettings, blocked: ExportFeatureSet) -> PreparedRule? { nil }
    var prepared: PreparedRule? { self }
}

extension PlanItem: PlannedRule {
    static func planned(_ prepared: PreparedRule) -> PlanItem { prepared.isMapEntry ? .entry(ExactEntry(prepared)) : .rule(prepared) }
    static func shortcut(_ rule: Rule, index: Int, site: SiteSettings, blocked: ExportFeatureSet) -> PlanItem? {
        ExactEntry.of(rule, index: index, site: site, blocked: blocked).map { .entry($0) }
    }
    var prepared: PreparedRule? {
        if case .rule(let p) = self { return p }
        return nil
    }
}
