/// The curl tool with `-L` (7.88): a POST (`-d`) becomes a bodiless GET on 301, 302 and 303; a
/// method given with `-X` (PUT, DELETE …) is kept on every code but its body is only resent on
/// 307/308. `-H Authorization` and `-H Cookie` are sent only to the first origin (scheme, host,
/// port). Gives up after 50 redirects (`--max-redirs` default).
public struct CurlClient: ClientModel {
    public init() {}
    public var name: String { "curl" }
    public var maxRedirects: Int { 50 }

    public func next(method: String, after status: StatusCode) -> (method: String, keepsBody: Bool) {
        if status.preservesMethod { return (method, true) }
        if method == "POST" { return ("GET", false) }
        return (method, method == "GET" || method == "HEAD")
    }

    public func droppedHeaders(_ headers: [HTTPRequest.HeaderField], from: HTTPRequest, to: HTTPRequest, bodyDropped: Bool) -> [String] {
        Origin.same(from, to) ? [] : Origin.present(["Authorization", "Cookie"], in: headers)
    }
}
