/// A host a rule applies to or a target may point at: an exact name or `*.suffix` (any subdomain).
public enum HostPattern: Sendable, Hashable, CustomStringConvertible {
    case exact(String)
    /// `*.example.com`: matches `a.example.com`, `a.b.example.com`, not `example.com` itself.
    case suffix(String)

    /// Parses `example.com` or `*.example.com`; hosts are case-insensitive and stored lower-case.
    /// A name written in Unicode (`bücher.example`) is stored as the ASCII name requests carry
    /// (`xn--bcher-kva.example`, IDNA); the file keeps it as typed.
    /// Returns nil for anything that is not a plausible host name (with optional `:port`).
    public init?(text: String) {
        var t = text.lowercased()
        if IRI.hasNonASCII(t) {
            let wildcard = t.hasPrefix("*.")
            guard let ascii = IRI.asciiHost(String(wildcard ? t.dropFirst(2) : Substring(t))) else { return nil }
            t = (wildcard ? "*." : "") + ascii
        }
        if t.hasPrefix("*.") {
            let rest = String(t.dropFirst(2))
            guard HostPattern.isValidHostName(rest) else { return nil }
            self = .suffix(rest)
        } else {
            guard HostPattern.isValidHostName(t) else { return nil }
            self = .exact(t)
        }
    }

    public var description: String {
        switch self {
        case .exact(let h): return h
        case .suffix(let s): return "*." + s
        }
    }

    /// Whether a request host (any case, optional trailing dot and port stripped by the caller) matches.
    public func matches(_ host: String) -> Bool {
        let h = host.lowercased()
        switch self {
        case .exact(let e): return h == e
        case .suffix(let s): return h.count > s.count + 1 && h.hasSuffix("." + s)
        }
    }

    /// Letters, digits, hyphens and dots, labels of 1–63 characters, optional `:port`; or an IPv6 literal.
    public static func isValidHostName(_ text: String) -> Bool {
        var name = Substring(text)
        if name.hasPrefix("[") {
            guard let close = name.firstIndex(of: "]") else { return false }
            let inner = name[name.index(after: name.startIndex)..<close]
            guard !inner.isEmpty, inner.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return false }
            let rest = name[name.index(after: close)...]
            return rest.isEmpty || isPort(rest.dropFirst()) && rest.first == ":"
        }
        if let colon = name.lastIndex(of: ":") {
            guard isPort(name[name.index(after: colon)...]) else { return false }
            name = name[..<colon]
        }
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        for label in name.split(separator: ".", omittingEmptySubsequences: false) {
            guard (1...63).contains(label.utf8.count) else { return false }
            guard
                label.utf8.allSatisfy({
                    ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x41 && $0 <= 0x5a) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2d || $0 == 0x5f
                })
            else { return false }
            guard label.first != "-", label.last != "-" else { return false }
        }
        return true
    }

    private static func isPort(_ s: Substring) -> Bool {
        guard !s.isEmpty, s.count <= 5, s.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(s) else { return false }
        return n > 0 && n < 65536
    }
}
