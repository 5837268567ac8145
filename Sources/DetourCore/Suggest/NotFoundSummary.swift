/// The 404s of an access log, for `detour suggest`: each path (query dropped) with its count and
/// when it was last logged, and the paths the site served (2xx) — the fallback list of real pages
/// when no sitemap is given. Only GET and HEAD lines count: they are what links and bookmarks send.
public struct NotFoundSummary: Sendable {
    /// How often a path was answered 404 and when last.
    public struct Entry: Sendable, Equatable {
        public var hits: Int
        public var lastSeen: Timestamp?
    }

    public var notFound: [String: Entry] = [:]
    public var served: Set<String> = []
    public var lines = 0
    /// Lines that carried no status (plain `METHOD URL` lines or malformed ones).
    public var withoutStatus = 0

    public init() {}

    /// The 404 paths, most hit first (then by path, so the order is stable).
    public var byHits: [(path: String, hits: Int)] {
        notFound.map { ($0.key, $0.value.hits) }.sorted { ($0.hits, $1.path) > ($1.hits, $0.path) }
    }

    mutating func add(_ entry: AccessLogLine) {
        guard entry.method == "GET" || entry.method == "HEAD" else { return }
        guard let status = entry.status else {
            withoutStatus += 1
            return
        }
        var path = entry.target
        if !path.hasPrefix("/") {
            guard let parsed = HTTPRequest.parseURL(path, defaultHost: "") else { return }
            path = parsed.path
        }
        if let q = path.firstIndex(of: "?") { path = String(path[..<q]) }
        if status == 404 {
            var e = notFound[path] ?? Entry(hits: 0, lastSeen: nil)
            e.hits += 1
            if let t = entry.time, e.lastSeen.map({ $0 < t }) ?? true { e.lastSeen = t }
            notFound[path] = e
        } else if (200..<300).contains(status) {
            served.insert(path)
        }
    }
}
