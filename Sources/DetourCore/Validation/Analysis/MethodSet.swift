/// The request methods a rule takes, and what they become after a redirect status — so a chain is
/// only reported when some method can walk every hop of it.
public enum MethodSet: Sendable, Hashable {
    case all
    case only(Set<String>)

    public init(_ methods: [String]?) {
        self = methods.map { .only(Set($0.map { $0.uppercased() })) } ?? .all
    }

    public func contains(_ m: String) -> Bool {
        switch self {
        case .all: return true
        case .only(let s): return s.contains(m)
        }
    }

    public var isEmpty: Bool {
        if case .only(let s) = self { return s.isEmpty }
        return false
    }

    public func intersection(_ o: MethodSet) -> MethodSet {
        switch (self, o) {
        case (.all, _): return o
        case (_, .all): return self
        case (.only(let a), .only(let b)): return .only(a.intersection(b))
        }
    }

    /// Whether every method of `o` is in this set.
    public func covers(_ o: MethodSet) -> Bool {
        switch (self, o) {
        case (.all, _): return true
        case (.only, .all): return false
        case (.only(let a), .only(let b)): return b.isSubset(of: a)
        }
    }

    /// The methods of the follow-up request after `code`, as browsers behave (Fetch §4.4): 301/302
    /// turn POST into GET, 303 turns everything but HEAD into GET, 307/308 keep the method.
    public func after(_ code: StatusCode) -> MethodSet {
        switch code {
        case .temporaryRedirect, .permanentRedirect: return self
        case .movedPermanently, .found:
            guard case .only(let s) = self, s.contains("POST") else { return self }
            var t = s
            t.remove("POST")
            t.insert("GET")
            return .only(t)
        case .seeOther:
            guard case .only(let s) = self else { return .only(["GET", "HEAD"]) }
            var t: Set<String> = s.contains("HEAD") ? ["HEAD"] : []
            if s.contains(where: { $0 != "HEAD" }) { t.insert("GET") }
            return .only(t)
        }
    }

    /// The method a witness request uses: GET when allowed, else the first in order.
    public var preferred: String {
        switch self {
        case .all: return "GET"
        case .only(let s): return s.contains("GET") ? "GET" : (s.sorted().first ?? "GET")
        }
    }

    /// Whether some method other than GET and HEAD is in the set (one with a body to lose).
    public var hasBodyMethod: Bool {
        switch self {
        case .all: return true
        case .only(let s): return s.contains { $0 != "GET" && $0 != "HEAD" }
        }
    }
}
