import COpenSSL
import DetourCore

#if canImport(Glibc)
    import Glibc
#endif

/// One request over one connection to the endpoint, plain or TLS, with the same wire form as
/// verify's client (the target exactly as given, `Host:` from the request).
enum ProbeConnection {
    static func send(
        _ request: HTTPRequest, to addresses: [ResolvedAddress], tls: ProbeTLS?, bindLoopbackSource: Bool, timeoutSeconds: Int
    ) throws -> ObservedResponse {
        var lastError = "no address to connect to"
        for address in addresses {
            let fd = socket(address.family, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw ProbeTransportError("socket: \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            // On Linux the send timeout also bounds connect().
            var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            if bindLoopbackSource, address.family == AF_INET, request.clientAddress.hasPrefix("127."), request.clientAddress != "127.0.0.1" {
                var src = sockaddr_in(host: request.clientAddress, port: 0)
                _ = withUnsafePointer(to: &src) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
            }
            var storage = address.storage
            let connected = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, address.length) }
            }
            guard connected == 0 else {
                lastError = errno == EINPROGRESS || errno == EAGAIN ? "connect: timed out" : "connect: \(String(cString: strerror(errno)))"
                continue
            }
            return try exchange(request, fd: fd, tls: tls)
        }
        throw ProbeTransportError(lastError)
    }

    private static func exchange(_ request: HTTPRequest, fd: Int32, tls: ProbeTLS?) throws -> ObservedResponse {
        let ssl = try tls?.handshake(fd: fd, serverName: request.host)
        defer {
            if let ssl {
                _ = SSL_shutdown(ssl)
                SSL_free(ssl)
            }
        }
        let bytes = HTTPProbe.wireBytes(request)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { raw -> Int in
                if let ssl { return Int(SSL_write(ssl, raw.baseAddress, Int32(raw.count))) }
                return write(fd, raw.baseAddress, raw.count)
            }
            guard n > 0 else { throw ProbeTransportError("write: \(ssl == nil ? String(cString: strerror(errno)) : ProbeTLS.lastError())") }
            sent += n
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let n = buffer.withUnsafeMutableBytes { raw -> Int in
                if let ssl { return Int(SSL_read(ssl, raw.baseAddress, Int32(raw.count))) }
                return read(fd, raw.baseAddress, raw.count)
            }
            if n <= 0 { break }
            response.append(contentsOf: buffer[0..<n])
            if HTTPProbe.isComplete(response, method: request.method) { break }
        }
        if response.isEmpty { throw ProbeTransportError("no response (connection closed or timed out)") }
        return try HTTPProbe.parse(response)
    }
}

/// A request that got no HTTP answer: refused, timed out, TLS failure, garbled response.
struct ProbeTransportError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
