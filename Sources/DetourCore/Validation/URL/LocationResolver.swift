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
    public static func resolve(_ location: String, scheme baseScheme: String, host baseHost: String, port basePort: Int? = nil, path basePath: String = "/") -> Resolved? {
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
