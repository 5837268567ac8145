/// How an HTTP client follows redirects (`reference/client-behavior.md`): the method and body it
/// sends after each status, the headers it drops when the next hop is elsewhere, and how many
/// redirects it follows before giving up. One conforming type per client.
public protocol ClientModel: Sendable {
    /// `browser`, `curl`, `go`, `python`, `node`.
    var name: String { get }
    /// Redirects followed; one more is an error (browsers 20, curl 50, python-requests 30, Go 9).
    var maxRedirects: Int { get }
    /// The method after a redirect with `status` and whether the body is sent again.
    func next(method: String, after status: StatusCode) -> (method: String, keepsBody: Bool)
    /// Names of the request's headers the client removes when following from `from` to `to`.
    func droppedHeaders(_ headers: [HTTPRequest.HeaderField], from: HTTPRequest, to: HTTPRequest, bodyDropped: Bool) -> [String]
}

/// The client models by name, for `--client`.
public enum Clients {
    public static let all: [any ClientModel] = [BrowserClient(), CurlClient(), GoClient(), PythonRequestsClient(), NodeFetchClient()]
    public static var names: [String] { all.map(\.name) }
    public static func named(_ name: String) -> (any ClientModel)? { all.first { $0.name == name.lowercased() } }
}

/// Origin comparisons the client models share.
enum Origin {
    static func port(_ r: HTTPRequest) -> Int { r.port ?? (r.scheme == "http" ? 80 : 443) }
    static func same(_ a: HTTPRequest, _ b: HTTPRequest) -> Bool {
        a.scheme == b.scheme && a.host == b.host && port(a) == port(b)
    }
    /// The names from `candidates` present in `headers` (case-insensitive), as the request spelled them.
    static func present(_ candidates: [String], in headers: [HTTPRequest.HeaderField]) -> [String] {
        let wanted = Set(candidates.map { $0.lowercased() })
        var seen = Set<String>()
        return headers.compactMap { h in
            let n = h.name.lowercased()
            guard wanted.contains(n), seen.insert(n).inserted else { return nil }
            return h.name
        }
    }
}
