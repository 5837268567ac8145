/// Node's built-in `fetch` (undici 6): the Fetch standard's method rules and 20 redirects, but on
/// a cross-origin hop it deletes `Authorization`, `Cookie`, `Proxy-Authorization` (and `Host`),
/// because it has no cookie store or forbidden headers.
public struct NodeFetchClient: ClientModel {
    public init() {}
    public var name: String { "node" }
    public var maxRedirects: Int { 20 }

    public func next(method: String, after status: StatusCode) -> (method: String, keepsBody: Bool) {
        FetchRedirect.next(method: method, after: status)
    }

    public func droppedHeaders(_ headers: [HTTPRequest.HeaderField], from: HTTPRequest, to: HTTPRequest, bodyDropped: Bool) -> [String] {
        var names: [String] = []
        if !Origin.same(from, to) { names += ["Authorization", "Cookie", "Proxy-Authorization", "Host"] }
        if bodyDropped { names += FetchRedirect.requestBodyHeaders }
        return Origin.present(names, in: headers)
    }
}
