/// Go's `net/http` client: 301, 302 and 303 turn every method but GET/HEAD into a bodiless GET
/// (`redirectBehavior`), 307/308 keep both (given `GetBody`). `Authorization`, `Www-Authenticate`,
/// `Cookie` and `Cookie2` are copied only to the same domain or a subdomain of the previous host
/// (`shouldCopyHeaderOnRedirect`); Content-Type survives a POST→GET (a measured quirk). The default
/// `CheckRedirect` refuses the 10th redirect, so 9 are followed.
public struct GoClient: ClientModel {
    public init() {}
    public var name: String { "go" }
    public var maxRedirects: Int { 9 }

    public func next(method: String, after status: StatusCode) -> (method: String, keepsBody: Bool) {
        if status.preservesMethod { return (method, true) }
        if method == "GET" || method == "HEAD" { return (method, true) }
        return ("GET", false)
    }

    public func droppedHeaders(_ headers: [HTTPRequest.HeaderField], from: HTTPRequest, to: HTTPRequest, bodyDropped: Bool) -> [String] {
        var names: [String] = []
        if !(to.host == from.host || to.host.hasSuffix("." + from.host)) {
            names += ["Authorization", "Www-Authenticate", "Cookie", "Cookie2"]
        }
        if bodyDropped { names.append("Content-Length") }
        return Origin.present(names, in: headers)
    }
}
