/// An executable example attached to a rule (DESIGN §2.2 `examples`): a request and the response
/// the rule file promises for it. `check` runs it through the simulator, `verify` against a server.
public struct RuleExample: Sendable, Hashable {
    /// What the example expects.
    public enum Expectation: Sendable, Hashable, CustomStringConvertible {
        /// `307 https://api-v2.example.com/orders`
        case redirect(StatusCode, location: String)
        /// `origin`: no rule applies.
        case origin

        public static func parse(_ text: String) -> Expectation? {
            let t = text.trimmingSpaces()
            if t == "origin" { return .origin }
            let parts = t.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, let n = Int(parts[0]), let code = StatusCode(rawValue: n) else { return nil }
            return .redirect(code, location: String(parts[1]).trimmingSpaces())
        }

        public var description: String {
            switch self {
            case .origin: return "origin"
            case .redirect(let c, let l): return "\(c.rawValue) \(l)"
            }
        }
    }

    public var method: String
    /// The URL or path as written (`/api/v1/orders` or `https://example.com/x`).
    public var url: String
    public var headers: [(String, String)]
    public var expect: Expectation

    public init(method: String, url: String, headers: [(String, String)] = [], expect: Expectation) {
        self.method = method
        self.url = url
        self.headers = headers
        self.expect = expect
    }

    /// The `request` field's text: `POST /api/v1/orders` (a bare URL means GET).
    public var requestText: String { "\(method) \(url)" }

    /// Parses `METHOD URL` or just `URL`.
    public static func parseRequest(_ text: String) -> (method: String, url: String)? {
        let parts = text.trimmingSpaces().split(separator: " ", omittingEmptySubsequences: true)
        switch parts.count {
        case 1: return parts[0].first == "/" || parts[0].contains("://") ? ("GET", String(parts[0])) : nil
        case 2:
            guard parts[0].allSatisfy({ $0.isASCII && $0.isUppercase }) else { return nil }
            return (String(parts[0]), String(parts[1]))
        default: return nil
        }
    }

    public static func == (a: RuleExample, b: RuleExample) -> Bool {
        a.method == b.method && a.url == b.url && a.expect == b.expect
            && a.headers.count == b.headers.count && zip(a.headers, b.headers).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }
    public func hash(into h: inout Hasher) {
        h.combine(method)
        h.combine(url)
        h.combine(expect)
    }
}
