/// What one value of an nginx variable says about the request, in Detour's rule fields: a
/// `map $host $x { … 1; default 0; }` gives `1` for the hosts it lists, a `map $arg_q` with
/// `"" 0; default 1;` gives `1` when the parameter is present, a `split_clients` part is a
/// rollout, a `map $msec` that compares with a number is a time window.
enum NginxRequestTest: Hashable {
    case always
    case never
    case hosts([HostPattern])
    /// The scheme, read from the trusted header when `header` names one (`site.scheme_header`).
    case scheme(String, header: String?)
    case methods([String])
    case condition(Condition)
    case rollout(Rollout)
    /// True from this moment on (a rule's `starts`).
    case notBefore(Timestamp)
    /// True until this moment (a rule's `expires`).
    case before(Timestamp)

    /// The fields a conjunction of tests gives a rule; nil when they contradict each other or
    /// cannot share one rule (two different host sets, two rollouts), `.never` included.
    struct Fields {
        var hosts: [HostPattern]?
        var scheme: String?
        var schemeHeader: String?
        var methods: [String]?
        var conditions: [Condition] = []
        var rollout: Rollout?
        var starts: Timestamp?
        var expires: Timestamp?

        init?(_ tests: [NginxRequestTest]) {
            for t in tests {
                switch t {
                case .always: continue
                case .never: return nil
                case .hosts(let h):
                    if let hosts, Set(hosts) != Set(h) { return nil }
                    hosts = h
                case .scheme(let s, let header):
                    if let scheme, scheme != s || schemeHeader != header { return nil }
                    scheme = s
                    schemeHeader = header
                case .methods(let m):
                    methods = methods.map { mine in mine.filter(m.contains) } ?? m
                    if methods?.isEmpty == true { return nil }
                case .condition(let c):
                    if !conditions.contains(c) { conditions.append(c) }
                case .rollout(let r):
                    if rollout != nil { return nil }
                    rollout = r
                case .notBefore(let s): starts = max(starts ?? s, s)
                case .before(let e): expires = min(expires ?? e, e)
                }
            }
        }
    }
}
