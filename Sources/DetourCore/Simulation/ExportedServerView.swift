/// How a server running Detour's export sees requests, for `simulate --as SERVER` and `verify`
/// (DESIGN §6.4). Every exporter matches the raw request path (case-sensitive, nothing decoded or
/// normalised), so the only residual path difference from DESIGN §4 is that percent-encoded
/// unreserved characters are not decoded; Locations stay as written except on Apache, which the
/// exporter makes absolute with the site's scheme and the Host header; HAProxy's automatic
/// `no-cache` is replaced by the rule's own policy.
extension ServerView {
    public static func exported(_ kind: ServerKind) -> ServerView {
        let raw = PathSemantics(decoding: .none, upperCasesHex: false)
        let form: LocationForm = kind == .apache ? .absolute : .asWritten
        return ServerView(server: kind, path: raw, locationForm: form, rollout: RolloutDecider.forServer(kind),
                          addsNoCacheToTemporaryRedirects: false)
    }
}
