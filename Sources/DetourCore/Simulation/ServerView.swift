/// How a server sees requests and writes redirects, for `simulate --as SERVER` (DESIGN §6.3, §6.4):
/// the path it matches, the form of its `Location`, its rollout hash and any header it adds. The
/// presets are what the cookbook observed on each server; an exporter whose config changes one of
/// these (say, lower-casing paths on Caddy) passes an adjusted copy so `verify` compares like with
/// like. `ServerView.detour` is Detour's own contract (DESIGN §4).
public struct ServerView: Sendable {
    /// How a relative target ends up in the `Location` header.
    public enum LocationForm: Sendable, Hashable {
        /// Made absolute from the request's scheme, Host name and port (Detour, Apache).
        case absolute
        /// Made absolute from the Host name and the port the server listens on (nginx's
        /// `absolute_redirect on`); nil means the port the request was sent to.
        case absoluteWithListenPort(Int?)
        /// Sent as written (HAProxy, Caddy, lighttpd, Varnish).
        case asWritten
    }

    /// nil for Detour's own semantics.
    public let server: ServerKind?
    /// The server's own path handling; the simulator adds the site's `trailing_slash` and `case`.
    public var path: PathSemantics
    public var locationForm: LocationForm
    public var rollout: RolloutDecider
    /// HAProxy's `http-request redirect` adds `Cache-Control: no-cache` to 302, 303 and 307 when
    /// nothing sets the header.
    public var addsNoCacheToTemporaryRedirects: Bool
    /// The scheme of every connection the server takes when it speaks only one (Varnish, which has
    /// no TLS: `http`); nil: the request's own scheme. A site's `scheme_header` overrides both.
    public var connectionScheme: String?

    /// The status the server answers when `rule` redirects a request with `method`, where that is
    /// not the rule's own code (Traefik's `redirectRegex` answers only GET with 301/302); nil when
    /// the server always sends the rule's code.
    public var answeredStatus: (@Sendable (_ rule: Rule, _ method: String) -> StatusCode)?

    public init(
        server: ServerKind?, path: PathSemantics, locationForm: LocationForm, rollout: RolloutDecider,
        addsNoCacheToTemporaryRedirects: Bool = false, connectionScheme: String? = nil,
        answeredStatus: (@Sendable (Rule, String) -> StatusCode)? = nil
    ) {
        self.server = server
        self.connectionScheme = connectionScheme
        self.path = path
        self.locationForm = locationForm
        self.rollout = rollout
        self.addsNoCacheToTemporaryRedirects = addsNoCacheToTemporaryRedirects
        self.answeredStatus = answeredStatus
    }

    /// `detour` or the server's name.
    public var name: String { server?.name ?? "detour" }

    /// DESIGN §4: unreserved escapes decoded only, `%2F` kept, no dot-segment or slash folding,
    /// absolute `Location`, nginx's rollout formula.
    public static let detour = ServerView(
        server: nil, path: PathSemantics(decoding: .unreservedOnly), locationForm: .absolute,
        rollout: .canonical)

    /// The cookbook's observations of one server ("How each server sees the request path", a').
    public static func of(_ kind: ServerKind) -> ServerView { kind.target.observedView }

    /// Full decoding with `%2F` decoded, dot segments removed and slashes merged: the path nginx,
    /// Apache, Caddy and lighttpd match against before their own adjustments.
    static let decodedNormalisedPath = PathSemantics(decoding: .full, encodedSlash: .decode, removesDotSegments: true, mergesSlashes: true)

    /// The raw request target, escapes kept as sent (HAProxy `path`, Varnish `req.url`, every export).
    static let rawPath = PathSemantics(decoding: .none, upperCasesHex: false)

    /// The view `simulate` uses without `--as`: the site's first `exports` entry when it names a
    /// server Detour simulates, otherwise Detour's own semantics (DESIGN §6.3).
    public static func defaultView(for site: SiteSettings) -> ServerView {
        if let first = site.exports.first, let target = ServerTargets.named(first.server) { return target.exportedView }
        return .detour
    }

    /// Parses `detour` or a server name (`--as`). A server name means that server running Detour's
    /// export of the rules (`exported(_:)`), because that is what `simulate` promises to predict and
    /// `verify` proves; `of(_:)` keeps the server's untouched behaviour the exporters compensate for.
    public static func named(_ name: String) -> ServerView? {
        if name.lowercased() == "detour" { return .detour }
        return ServerTargets.named(name)?.exportedView
    }
}
