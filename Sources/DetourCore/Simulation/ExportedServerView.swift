/// How a server running Detour's export sees requests, for `simulate --as SERVER` and `verify`
/// (DESIGN §6.4). Every exporter matches the raw request path (case-sensitive, nothing decoded or
/// normalised), so the only residual path difference from DESIGN §4 is that percent-encoded
/// unreserved characters are not decoded; Locations stay as written except on Apache, which the
/// exporter makes absolute with the site's scheme and the Host header; HAProxy's automatic
/// `no-cache` is replaced by the rule's own policy. A proxy that cannot match the raw path (Traefik's
/// routers see a partly decoded path) or cannot send every code for every method says so through
/// `exportedPath` and `exportedStatus`. A server without TLS sees every connection as `http`.
extension ServerView {
    public static func exported(_ kind: ServerKind) -> ServerView { exported(kind.target) }

    /// The exported view of `target`: its path handling, `Location` form, rollout formula and answered codes.
    public static func exported(_ target: any ServerTarget) -> ServerView {
        ServerView(
            server: target.kind, path: target.exportedPath, locationForm: target.exportedLocationForm, rollout: target.rollout,
            addsNoCacheToTemporaryRedirects: false, connectionScheme: target.connectionScheme,
            answeredStatus: target.answersRuleCodeForEveryMethod ? nil : target.exportedStatus)
    }
}
