/// Browsers, per the Fetch standard (§4.4 HTTP-redirect fetch): 301/302 turn POST into GET, 303
/// turns everything but GET/HEAD into GET; other methods (PUT, DELETE …) keep method and body on
/// 301/302. `Authorization` is removed once the origin changes; cookies come from the cookie store
/// per URL, modelled as host-only cookies (kept on the same host, not sent to another). 20 redirects.
public struct BrowserClient: ClientModel {
    public init() {}
    public var name: String { "browser" }
    public var maxRedirects: Int { 20 }

    public func next(method: String, after status: StatusCode) -> (method: String, keepsBody: Bool) {
        FetchRedirect.next(method: method, after: status)
    }

    public func droppedHeaders(_ headers: [HTTPRequest.HeaderField], from: HTTPRequest, to: HTTPRequest, bodyDropped: Bool) -> [String] {
        var names: [String] = []
        if !Origin.same(from, to) { names.append("Authorization") }
        if from.host != to.host { names.append("Cookie") }
        if bodyDropped { names += FetchRedirect.requestBodyHeaders }
        return Origin.present(names, in: headers)
    }
}

/// The Fetch standard's redirect rules, shared by browsers and Node's `fetch` (undici).
enum FetchRedirect {
    /// Fetch step 12: request-body-header names removed with the body.
    static let requestBodyHeaders = ["Content-Encoding", "Content-Language", "Content-Location", "Content-Type", "Content-Length"]

    static func next(method: String, after status: StatusCode) -> (method: String, keepsBody: Bool) {
        if (status == .movedPermanently || status == .found) && method == "POST" { return ("GET", false) }
        if status == .seeOther && method != "GET" && method != "HEAD" { return ("GET", false) }
        return (method, true)
    }
}
