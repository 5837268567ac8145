import DetourCore

#if canImport(Glibc)
    import Glibc
#endif

/// The three things verify compares from a real response.
struct ObservedResponse: Equatable {
    var status: Int
    var location: String?
    var cacheControl: String?
}

/// A minimal HTTP/1.1 client over a plain socket to 127.0.0.1: it sends the request target exactly
/// as given (no normalisation, so encoded and odd paths reach the server as written), from a chosen
/// loopback source address (rollouts by ip), and reads the status line and headers.
enum HTTPProbe {
    static func canConnect(host: String, port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var addr = sockaddr_in(host: host, port: port)
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    /// Sends `request` to `host:port` with the request's host in `Host:`; the source address is the
    /// request's client address when it is a loopback address.
    static func send(_ request: HTTPRequest, host: String, port: Int, timeoutSeconds: Int = 10) throws -> ObservedResponse {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ProbeError("socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        if request.clientAddress.hasPrefix("127."), request.clientAddress != "127.0.0.1" {
            var src = sockaddr_in(host: request.clientAddress, port: 0)
            _ = withUnsafePointer(to: &src) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        var addr = sockaddr_in(host: host, port: port)
        let c = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard c == 0 else { throw ProbeError("connect \(host):\(port): \(String(cString: strerror(errno)))") }
        let bytes = wireBytes(request)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw ProbeError("write: \(String(cString: strerror(errno)))") }
            sent += n
        }
        var response: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 16384)
        while true {
            let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            response.append(contentsOf: buf[0..<n])
            if headerEnd(response) != nil, request.method == "HEAD" || response.count > 1 << 20 { break }
            if let end = headerEnd(response), contentLengthSatisfied(response, headerEnd: end) { break }
        }
        return try parse(response)
    }

    /// The request as sent: the target exactly as given, `Host:` from the request, no body.
    static func wireBytes(_ request: HTTPRequest) -> [UInt8] {
        var target = request.path
        if let q = request.query { target += "?" + q }
        var text = "\(request.method) \(target) HTTP/1.1\r\nHost: \(request.host)\(request.port.map { ":\($0)" } ?? "")\r\n"
        for h in request.headers where h.name.lowercased() != "host" { text += "\(h.name): \(h.value)\r\n" }
        if !["GET", "HEAD", "DELETE", "OPTIONS"].contains(request.method) { text += "Content-Length: 0\r\n" }
        text += "Connection: close\r\n\r\n"
        return Array(text.utf8)
    }

    /// Whether `response` holds a whole answer: headers and, when they give a length, the body.
    static func isComplete(_ response: [UInt8], method: String) -> Bool {
        guard let end = headerEnd(response) else { return false }
        return method == "HEAD" || response.count > 1 << 20 || contentLengthSatisfied(response, headerEnd: end)
    }

    static func headerEnd(_ r: [UInt8]) -> Int? {
        guard r.count >= 4 else { return nil }
        for i in 0...(r.count - 4) where r[i] == 13 && r[i + 1] == 10 && r[i + 2] == 13 && r[i + 3] == 10 { return i }
        return nil
    }

    private static func contentLengthSatisfied(_ r: [UInt8], headerEnd: Int) -> Bool {
        let head = String(decoding: r[0..<headerEnd], as: UTF8.self)
        for line in head.split(separator: "\r\n").dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "content-length", let n = Int(parts[1].trimmingBlanks()) {
                return r.count - headerEnd - 4 >= n
            }
        }
        return false
    }

    static func parse(_ r: [UInt8]) throws -> ObservedResponse {
        guard let end = headerEnd(r) else { throw ProbeError("incomplete response (\(r.count) bytes)") }
        let head = String(decoding: r[0..<end], as: UTF8.self)
        let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw ProbeError("bad status line '\(lines[0])'") }
        var out = ObservedResponse(status: status, location: nil, cacheControl: nil)
        for line in lines.dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let name = parts[0].lowercased()
            let value = String(parts[1].trimmingBlanks())
            if name == "location" { out.location = value }
            if name == "cache-control" { out.cacheControl = out.cacheControl.map { $0 + ", " + value } ?? value }
        }
        return out
    }
}

struct ProbeError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

extension sockaddr_in {
    init(host: String, port: Int) {
        self.init()
        sin_family = sa_family_t(AF_INET)
        sin_addr.s_addr = inet_addr(host)
        sin_port = UInt16(port).bigEndian
    }
}

extension Substring {
    /// Without the spaces and tabs around a header value.
    fileprivate func trimmingBlanks() -> Substring {
        var s = self
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return s
    }
}
