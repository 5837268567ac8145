/// How verify's probes carry their scheme to a server it talks to over plain HTTP on loopback:
/// with `site.scheme_header` the probe plays the TLS-terminating proxy and names the scheme in that
/// header (so https requests are proven too); without it the probe is what it is on the wire, an
/// http request, and is simulated as one.
public enum ProbeScheme {
    public static func onTheWire(_ request: HTTPRequest, site: SiteSettings) -> HTTPRequest {
        var r = request
        guard let header = site.schemeHeader else {
            r.scheme = "http"
            return r
        }
        let name = header.lowercased()
        if !r.headers.contains(where: { $0.name.lowercased() == name }) { r.headers.append(.init(header, r.scheme)) }
        return r
    }
}
