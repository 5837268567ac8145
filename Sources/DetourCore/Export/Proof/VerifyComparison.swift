/// What the simulator predicts for one request, in the terms verify compares.
public struct ExpectedResponse: Sendable, Equatable {
    /// The redirect status, nil when the request reaches the origin.
    public var status: Int?
    /// Absolute Location (DESIGN §6.1).
    public var location: String?
    public var cacheControl: String?
    /// The rule that fired, for the report.
    public var ruleID: String?

    public init(status: Int?, location: String?, cacheControl: String?, ruleID: String?) {
        self.status = status
        self.location = location
        self.cacheControl = cacheControl
        self.ruleID = ruleID
    }
}

/// One disagreement between a real server and `simulate --as SERVER`, ready to print in full.
public struct VerifyDisagreement: Sendable, CustomStringConvertible {
    public let request: HTTPRequest
    public let purpose: String
    public let expected: ExpectedResponse
    public let observedStatus: Int
    public let observedLocation: String?
    public let observedCacheControl: String?

    public var description: String {
        var s = "\(request.method) \(request.url)"
        let extra =
            request.headers.map { "\($0.name): \($0.value)" } + (request.clientAddress != "127.0.0.1" ? ["client \(request.clientAddress)"] : [])
        if !extra.isEmpty { s += " [" + extra.joined(separator: "; ") + "]" }
        s += "  (\(purpose))\n"
        s += "  simulated: " + (expected.status.map { "\($0) \(expected.location ?? "-")" } ?? "origin")
        if let r = expected.ruleID { s += " by rule \(r)" }
        if let cc = expected.cacheControl { s += ", Cache-Control: \(cc)" }
        s += "\n  server:    \(observedStatus)"
        if let l = observedLocation { s += " \(l)" }
        if let cc = observedCacheControl { s += ", Cache-Control: \(cc)" }
        return s
    }
}

/// The comparison rules of verify: statuses equal (any non-redirect status means "origin"),
/// Locations equal after resolving the server's against the request URL, canonical percent-
/// encoding and an empty http(s) path read as `/` (what a client would send next), Cache-Control
/// equal on redirects.
public enum VerifyComparison {
    public static let redirectStatuses: Set<Int> = [301, 302, 303, 307, 308]

    /// Nil when the server agrees with the simulation, else the disagreement.
    public static func compare(
        request: HTTPRequest, purpose: String, expected: ExpectedResponse,
        status: Int, location: String?, cacheControl: String?
    ) -> VerifyDisagreement? {
        let disagreement = VerifyDisagreement(
            request: request, purpose: purpose, expected: expected, observedStatus: status,
            observedLocation: location, observedCacheControl: cacheControl)
        guard let want = expected.status else {
            return redirectStatuses.contains(status) ? disagreement : nil
        }
        guard status == want else { return disagreement }
        let got = location.map { absolute($0, against: request) }
        guard let got, let expectedLocation = expected.location,
            URLText.canonical(withRootPath(got)) == URLText.canonical(withRootPath(expectedLocation))
        else { return disagreement }
        guard cacheControl == expected.cacheControl else { return disagreement }
        return nil
    }

    /// `https://host` as `https://host/` (also before `?` or `#`): for http(s) an empty path is the
    /// root path (RFC 3986 §6.2.3), the request a client sends next either way; Envoy always
    /// writes the `/`.
    static func withRootPath(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://"), ["http", "https"].contains(url[..<schemeEnd.lowerBound].lowercased()) else { return url }
        let rest = url[schemeEnd.upperBound...]
        guard let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) else { return url + "/" }
        return rest[end] == "/" ? url : String(url[..<end]) + "/" + String(url[end...])
    }

    /// A Location made absolute against the request URL (RFC 3986 §5 for the forms servers emit:
    /// absolute, scheme-relative, absolute-path).
    public static func absolute(_ location: String, against request: HTTPRequest) -> String {
        if Target.schemeOf(location) != nil { return location }
        if location.hasPrefix("//") { return request.scheme + ":" + location }
        var origin = "\(request.scheme)://\(request.host)"
        if let p = request.port { origin += ":\(p)" }
        if location.hasPrefix("/") { return origin + location }
        let dir = request.path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return origin + dir + "/" + location
    }
}
