/// The fields of the rule form, in display order.
public enum FormFieldID: String, CaseIterable, Sendable {
    case id, enabled, host, source, target, code, methods, conditions, query, cache
    case rolloutPercent, rolloutBy, starts, expires, note, owner, tags

    public var label: String {
        switch self {
        case .id: return "id"
        case .enabled: return "enabled"
        case .host: return "host"
        case .source: return "source"
        case .target: return "target"
        case .code: return "code"
        case .methods: return "methods"
        case .conditions: return "when"
        case .query: return "query"
        case .cache: return "cache"
        case .rolloutPercent: return "rollout %"
        case .rolloutBy: return "rollout by"
        case .starts: return "starts"
        case .expires: return "expires"
        case .note: return "note"
        case .owner: return "owner"
        case .tags: return "tags"
        }
    }

    /// What an empty field means, shown dimmed when it is empty.
    public var placeholder: String {
        switch self {
        case .host: return "any of the site's hosts"
        case .methods: return "all methods (e.g. GET, HEAD)"
        case .conditions: return "none (e.g. header:X-Env=beta; cookie:uid=*)"
        case .rolloutPercent: return "100 (every client)"
        case .rolloutBy: return "ip (or cookie:NAME, header:NAME)"
        case .starts, .expires: return "none (2026-12-31T00:00:00Z; ctrl+t: now)"
        case .tags: return "none (comma separated)"
        default: return ""
        }
    }

    var isTimestamp: Bool { self == .starts || self == .expires }
}
