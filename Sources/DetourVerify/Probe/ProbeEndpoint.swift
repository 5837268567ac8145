import DetourCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where `detour probe` sends its requests: the scheme, host and port of `BASEURL`. Every request
/// goes to this address; its `Host:` header (and the TLS server name) come from the request.
public struct ProbeEndpoint: Sendable, Equatable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    public let port: Int

    public init(scheme: String, host: String, port: Int) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// Parses `http://127.0.0.1:8080`, `https://www.example.com` or `https://[::1]:8443/`. A path
    /// other than `/`, a query or credentials are refused: the path of each request is its own.
    public static func parse(_ text: String) throws -> ProbeEndpoint {
        guard let sep = text.range(of: "://") else {
            throw ProbeSetupError("BASEURL '\(text)' has no scheme: write http://HOST[:PORT] or https://HOST[:PORT]")
        }
        let scheme = text[..<sep.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { throw ProbeSetupError("BASEURL '\(text)': scheme '\(scheme)' is not http or https") }
        var authority = Substring(text[sep.upperBound...])
        if authority.hasSuffix("/") { authority.removeLast() }
        guard !authority.contains("/"), !authority.contains("?"), !authority.contains("#") else {
            throw ProbeSetupError("BASEURL '\(text)' has a path or query: it sets only scheme, host and port")
        }
        guard !authority.contains("@") else { throw ProbeSetupError("BASEURL '\(text)' carries credentials; probe sends none") }
        var host = authority
        var port = scheme == "https" ? 443 : 80
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { throw ProbeSetupError("BASEURL '\(text)': unclosed '[' in the host") }
            let rest = host[host.index(after: close)...]
            host = host[host.index(after: host.startIndex)..<close]
            if !rest.isEmpty {
                guard rest.first == ":", let p = Int(rest.dropFirst()), (1...65535).contains(p) else {
                    throw ProbeSetupError("BASEURL '\(text)': bad port '\(rest.dropFirst())'")
                }
                port = p
            }
        } else if let colon = host.lastIndex(of: ":") {
            let digits = host[host.index(after: colon)...]
            guard let p = Int(digits), (1...65535).contains(p) else { throw ProbeSetupError("BASEURL '\(text)': bad port '\(digits)'") }
            port = p
            host = host[..<colon]
        }
        guard !host.isEmpty else { throw ProbeSetupError("BASEURL '\(text)' has no host") }
        return ProbeEndpoint(scheme: scheme, host: String(host), port: port)
    }

    public var description: String { "\(scheme)://\(host.contains(":") ? "[\(host)]" : host):\(port)" }

    /// Whether the endpoint is on this machine, where probes may pick a loopback source address
    /// (rollouts keyed by client address).
    public var isLoopback: Bool { host == "localhost" || host.hasPrefix("127.") || host == "::1" }

    /// The socket addresses of the host, IPv4 and IPv6 alike, in the resolver's order.
    func resolve() throws -> [ResolvedAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw ProbeSetupError("cannot resolve '\(host)': \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(first) }
        var out: [ResolvedAddress] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let n = node {
            if let addr = n.pointee.ai_addr {
                var storage = sockaddr_storage()
                withUnsafeMutableBytes(of: &storage) { dst in
                    dst.copyMemory(from: UnsafeRawBufferPointer(start: addr, count: Int(n.pointee.ai_addrlen)))
                }
                out.append(ResolvedAddress(family: n.pointee.ai_family, storage: storage, length: n.pointee.ai_addrlen))
            }
            node = n.pointee.ai_next
        }
        return out
    }
}

/// One address of the endpoint, as `connect` takes it.
struct ResolvedAddress: @unchecked Sendable {
    let family: Int32
    let storage: sockaddr_storage
    let length: socklen_t
}

/// A probe that cannot start: a bad BASEURL, an unknown host, an unreadable CA file.
public struct ProbeSetupError: Error, CustomStringConvertible {
    public let description: String
    init(_ d: String) { description = d }
}
