/// Splits the absolute `Location`s the simulator produces into request parts on UTF-8 bytes, which
/// replay does for every redirect it follows; anything unusual (userinfo, IPv6 literals, odd
/// ports) goes through `HTTPRequest.parseURL`, the general parser.
enum LocationURL {
    static func parse(_ text: String, defaultScheme: String, defaultHost: String) -> (
        scheme: String, host: String, port: Int?, path: String, query: String?
    )? {
        let fast: (String, String, Int?, String, String?)?? = text.utf8.withContiguousStorageIfAvailable { b in
            let scheme: String
            var i: Int
            if b.count >= 8 && b[0] == 0x68 && b[1] == 0x74 && b[2] == 0x74 && b[3] == 0x70 && b[4] == 0x73 && b[5] == 0x3a && b[6] == 0x2f
                && b[7] == 0x2f
            {
                scheme = "https"
                i = 8
            } else if b.count >= 7 && b[0] == 0x68 && b[1] == 0x74 && b[2] == 0x74 && b[3] == 0x70 && b[4] == 0x3a && b[5] == 0x2f && b[6] == 0x2f {
                scheme = "http"
                i = 7
            } else {
                return nil
            }
            let hostStart = i
            while i < b.count && b[i] != 0x2f && b[i] != 0x3f && b[i] != 0x23 {
                let c = b[i]
                // Only plain lower-case names without port or userinfo take the fast path.
                guard (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c == 0x2d || c == 0x2e || c == 0x5f else { return nil }
                i += 1
            }
            guard i > hostStart else { return nil }
            let host = String(decoding: UnsafeBufferPointer(rebasing: b[hostStart..<i]), as: UTF8.self)
            var end = i
            while end < b.count && b[end] != 0x23 { end += 1 }
            var q = i
            while q < end && b[q] != 0x3f { q += 1 }
            let path = q > i ? String(decoding: UnsafeBufferPointer(rebasing: b[i..<q]), as: UTF8.self) : "/"
            let query = q < end ? String(decoding: UnsafeBufferPointer(rebasing: b[(q + 1)..<end]), as: UTF8.self) : nil
            return (scheme, host, nil, path, query)
        }
        if let fast = fast, let parts = fast { return parts }
        return HTTPRequest.parseURL(text, defaultScheme: defaultScheme, defaultHost: defaultHost)
    }
}
