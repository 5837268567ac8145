/// Resolves a `Location` against the request it answers, the way a browser does (WHATWG URL
/// parsing for http(s): TAB/LF/CR removed, leading and trailing C0 controls and spaces trimmed,
/// `\` read as `/`, a scheme-relative `//host`, userinfo dropped up to the last `@`). The validator
/// uses it to know where a redirect lands so it can follow chains; `LocationScanner` is the stricter
/// judge of where *any* client might go.
public enum LocationResolver {
    /// An absolute http(s) URL split into the parts rules match on.
    public struct Resolved: Hashable, Sendable {
        public var scheme: String
        public var host: String
        public var port: Int?
        public var path: String
        public var query: String?
    }

    /// Nil when the value is not an http(s) URL a browser would follow.
    public static func resolve(
        _ location: String, scheme baseScheme: String, host baseHost: String, port basePort: Int? = nil, path basePath: String = "/"
    ) -> Resolved? {
        if let plain = plainResolution(location, scheme: baseScheme, host: baseHost, port: basePort) { return plain }
        return resolveInFull(location, scheme: baseScheme, host: baseHost, port: basePort, path: basePath)
    }

    /// What `resolve` gives, found in one pass over the bytes, for the locations bulk maps and
    /// chain walks produce: an absolute path, or `http(s)://` and a lower-case host name, with a
    /// path without `\\`, `%` or dot segments, all printable ASCII and no `#`. Nil sends the
    /// location through the full parse, which took most of a `check` of 10⁶ rules with chains.
    static func plainResolution(_ location: String, scheme baseScheme: String, host baseHost: String, port basePort: Int?) -> Resolved? {
        location.utf8.withContiguousStorageIfAvailable { b -> Resolved? in
            let n = b.count
            var i = 0
            var scheme = baseScheme
            var host = baseHost
            var port = basePort
            func has(_ prefix: StaticString) -> Bool {
                let count = prefix.utf8CodeUnitCount
                guard n >= count else { return false }
                for k in 0..<count where b[k] != prefix.utf8Start[k] { return false }
                return true
            }
            if n > 0, b[0] != 0x2f {
                if has("https://") {
                    scheme = "https"
                    i = 8
                } else if has("http://") {
                    scheme = "http"
                    i = 7
                } else {
                    return nil
                }
                let hostStart = i
                while i < n, (b[i] >= 0x61 && b[i] <= 0x7a) || (b[i] >= 0x30 && b[i] <= 0x39) || b[i] == 0x2d || b[i] == 0x2e { i += 1 }
                guard i > hostStart, b[i - 1] != 0x2e, i == n || b[i] == 0x2f || b[i] == 0x3f else { return nil }
                host = String(decoding: UnsafeBufferPointer(rebasing: b[hostStart..<i]), as: UTF8.self)
                port = nil
            } else if n < 2 || b[1] == 0x2f || b[1] == 0x5c {
                // "/" alone is plain too; "//" and "/\\" name another host.
                guard n == 1 else { return nil }
            }
            let pathStart = i
            var segmentStart = i + 1
            var queryStart: Int? = nil
            while i < n {
                let c = b[i]
                if c <= 0x20 || c >= 0x7f || c == 0x23 { return nil }
                if queryStart == nil {
                    if c == 0x5c || c == 0x25 { return nil }
                    if c == 0x2f || c == 0x3f {
                        let segment = i - segmentStart
                        if (segment == 1 && b[i - 1] == 0x2e) || (segment == 2 && b[i - 1] == 0x2e && b[i - 2] == 0x2e) { return nil }
                        segmentStart = i + 1
                        if c == 0x3f { queryStart = i }
                    }
                }
                i += 1
            }
            if queryStart == nil {
                let segment = n - segmentStart
                if (segment == 1 && b[n - 1] == 0x2e) || (segment == 2 && b[n - 1] == 0x2e && b[n - 2] == 0x2e) { return nil }
            }
            let pathEnd = queryStart ?? n
            let path =
                pathEnd == pathStart
                ? "/"
                : pathStart == 0 && pathEnd == n
                    ? location
                    : String(decoding: UnsafeBufferPointer(rebasing: b[pathStart..<pathEnd]), as: UTF8.self)
            let query = queryStart.map { String(decoding: UnsafeBufferPointer(rebasing: b[($0 + 1)..<n]), as: UTF8.self) }
            return Resolved(scheme: scheme, host: host, port: port, path: path, query: query)
        } ?? nil
    }

    /// `resolve` without the one-pass shortcut: every rule of WHATWG parsing that applies.
    static func resolveInFull(
        _ location: String, scheme baseScheme: String, host baseHost: String, port basePort: Int? = nil, path basePath: String = "/"
    ) -> Resolved? {
        var bytes = Array(location.utf8).filter { $0 != 0x09 && $0 != 0x0a && $0 != 0x0d }
        while let f = bytes.first, f <= 0x20 { bytes.removeFirst() }
        while let l = bytes.last, l <= 0x20 { bytes.removeLast() }
        var text = String(decoding: bytes, as: UTF8.self)
        if let hash = text.firstIndex(of: "#") { text = String(text[..<hash]) }
        var scheme = baseScheme
        var rest = Substring(text)
        if let colon = rest.firstIndex(of: ":"), let s = Target.schemeOf(String(rest[...colon].dropLast()) + ":") {
            let lower = s.lowercased()
            guard lower == "http" || lower == "https" else { return nil }
            let after = rest[rest.index(after: colon)...]
            let slashCount = after.prefix { $0 == "/" || $0 == "\\" }.count
            if lower == baseScheme && slashCount < 2 {
                rest = after  // same scheme without `//`: a relative reference
            } else {
                scheme = lower
                return authority(after.dropFirst(slashCount), scheme: scheme)
            }
        }
        let lead = rest.prefix { $0 == "/" || $0 == "\\" }.count
        if lead >= 2 { return authority(rest.dropFirst(lead), scheme: scheme) }
        var path: Substring
        var query: String? = nil
        if let q = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: q)...])
            path = rest[..<q]
        } else {
            path = rest
        }
        var p = String(path).replacingBackslashes()
        if !p.hasPrefix("/") {
            // A relative path replaces the last segment of the request path.
            let dir = basePath.lastIndex(of: "/").map { String(basePath[..<$0]) } ?? ""
            p = dir + "/" + p
        }
        if p.isEmpty { p = basePath }
        return Resolved(scheme: scheme, host: baseHost, port: basePort, path: removeDotSegments(p), query: query)
    }

    private static func authority(_ s: Substring, scheme: String) -> Resolved? {
        let end = s.firstIndex { $0 == "/" || $0 == "\\" || $0 == "?" } ?? s.endIndex
        var auth = s[..<end]
        if let at = auth.lastIndex(of: "@") { auth = auth[auth.index(after: at)...] }
        var port: Int? = nil
        if let colon = auth.lastIndex(of: ":"), !auth.hasSuffix("]") {
            let digits = auth[auth.index(after: colon)...]
            if !digits.isEmpty {
                guard let p = Int(digits), p > 0, p < 65536 else { return nil }
                port = (scheme == "https" && p == 443) || (scheme == "http" && p == 80) ? nil : p
            }
            auth = auth[..<colon]
        }
        guard !auth.isEmpty else { return nil }
        var host = auth.lowercased()
        if host.hasSuffix(".") { host.removeLast() }
        var rest = s[end...]
        var query: String? = nil
        if let q = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: q)...])
            rest = rest[..<q]
        }
        let path = rest.isEmpty ? "/" : String(rest).replacingBackslashes()
        return Resolved(scheme: scheme, host: host, port: port, path: removeDotSegments(path), query: query)
    }

    /// RFC 3986 §5.2.4, with `%2e` counted as a dot the way WHATWG does.
    static func removeDotSegments(_ path: String) -> String {
        guard path.containsByte(0x2e) || path.containsByte(0x25) else { return path }
        var out: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for (i, seg) in segments.enumerated() {
            let low = seg.lowercased()
            let last = i == segments.count - 1
            if low == "." || low == "%2e" {
                if last { out.append("") }
            } else if low == ".." || low == ".%2e" || low == "%2e." || low == "%2e%2e" {
                if !out.isEmpty { out.removeLast() }
                if last { out.append("") }
            } else {
                out.append(seg)
            }
        }
        return "/" + out.joined(separator: "/")
    }
}

extension String {
    func replacingBackslashes() -> String { String(map { $0 == "\\" ? "/" : $0 }) }

}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
