/// python-requests (2.34): `rebuild_method` turns 303 and 302 into GET for everything but HEAD and
/// 301 into GET for POST; the body (and Content-Length, Content-Type, Transfer-Encoding) is purged
/// for every code but 307/308, even when the method stays. `Authorization` is stripped when the
/// host changes (http→https on default ports keeps it); an explicit `Cookie` header is dropped on
/// every hop. 30 redirects.
public struct PythonRequestsClient: ClientModel {
    public init() {}
    public var name: String { "python" }
    public var maxRedirects: Int { 30 }

    public func next(method: String, after status: StatusCode) -> (method: String, keepsBody: Bool) {
        switch status {
        case .seeOther, .found: return method == "HEAD" ? (method, false) : ("GET", false)
        case .movedPermanently: return (method == "POST" ? "GET" : method, false)
        case .temporaryRedirect, .permanentRedirect: return (method, true)
        }
    }

    public func droppedHeaders(_ headers: [HTTPRequest.HeaderField], from: HTTPRequest, to: HTTPRequest, bodyDropped: Bool) -> [String] {
        var names = ["Cookie"]
        if shouldStripAuth(from, to) { names.append("Authorization") }
        if bodyDropped { names += ["Content-Length", "Content-Type", "Transfer-Encoding"] }
        return Origin.present(names, in: headers)
    }

    /// `SessionRedirectMixin.should_strip_auth`.
    func shouldStripAuth(_ old: HTTPRequest, _ new: HTTPRequest) -> Bool {
        if old.host != new.host { return true }
        if old.scheme == "http", old.port == nil || old.port == 80, new.scheme == "https", new.port == nil || new.port == 443 { return false }
        let defaults: [Int?] = [old.scheme == "http" ? 80 : 443, nil]
        let changedScheme = old.scheme != new.scheme
        if !changedScheme && defaults.contains(old.port) && defaults.contains(new.port) { return false }
        return old.port != new.port || changedScheme
    }
}
