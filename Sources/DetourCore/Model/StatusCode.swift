/// A redirect status code Detour can emit, with the semantics of DESIGN §2.5 as data the rest of the
/// code asks instead of comparing numbers.
public enum StatusCode: Int, CaseIterable, Sendable, Hashable, Codable {
    case movedPermanently = 301
    case found = 302
    case seeOther = 303
    case temporaryRedirect = 307
    case permanentRedirect = 308

    /// Clients and caches may remember the redirect for good (301, 308).
    public var isPermanent: Bool { self == .movedPermanently || self == .permanentRedirect }

    /// The client resends the same method and body to the new location (307, 308).
    public var preservesMethod: Bool { self == .temporaryRedirect || self == .permanentRedirect }

    /// A cache may store the response without explicit freshness (RFC 9111 §4.2.2; 301, 308).
    public var isHeuristicallyCacheable: Bool { isPermanent }

    /// The standard reason phrase.
    public var reasonPhrase: String {
        switch self {
        case .movedPermanently: return "Moved Permanently"
        case .found: return "Found"
        case .seeOther: return "See Other"
        case .temporaryRedirect: return "Temporary Redirect"
        case .permanentRedirect: return "Permanent Redirect"
        }
    }

    /// What a POST becomes after this status, in the words a trace shows.
    public var methodBehaviour: String {
        switch self {
        case .movedPermanently, .found: return "POST may become GET, body dropped"
        case .seeOther: return "becomes GET (except HEAD), body dropped"
        case .temporaryRedirect, .permanentRedirect: return "method and body kept"
        }
    }
}
