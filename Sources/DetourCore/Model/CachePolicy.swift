/// The `Cache-Control` a rule sends with its redirect (DESIGN §2.2 `cache`).
public enum CachePolicy: Sendable, Hashable {
    /// No `Cache-Control` header at all.
    case none
    case noStore
    case maxAge(Int)
    case publicMaxAge(Int)
    case privateMaxAge(Int)

    /// Parses the YAML/CSV spelling (`none`, `no-store`, `max-age=N`, `public, max-age=N`,
    /// `private, max-age=N`); nil when the text is none of them.
    public init?(text: String) {
        let t = text.trimmingSpaces().lowercased()
        if t == "none" || t.isEmpty {
            self = .none
            return
        }
        if t == "no-store" {
            self = .noStore
            return
        }
        func seconds(_ s: Substring) -> Int? {
            let s = s.trimmingSpacesSub()
            guard s.hasPrefix("max-age=") else { return nil }
            let digits = s.dropFirst("max-age=".count)
            guard !digits.isEmpty, digits.count <= 10, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(digits)
        }
        let parts = t.split(separator: ",", maxSplits: 1)
        if parts.count == 1, let n = seconds(parts[0]) {
            self = .maxAge(n)
            return
        }
        if parts.count == 2, let n = seconds(parts[1]) {
            switch parts[0].trimmingSpacesSub() {
            case "public":
                self = .publicMaxAge(n)
                return
            case "private":
                self = .privateMaxAge(n)
                return
            default: return nil
            }
        }
        return nil
    }

    /// The canonical spelling used in files.
    public var text: String {
        switch self {
        case .none: return "none"
        case .noStore: return "no-store"
        case .maxAge(let n): return "max-age=\(n)"
        case .publicMaxAge(let n): return "public, max-age=\(n)"
        case .privateMaxAge(let n): return "private, max-age=\(n)"
        }
    }

    /// The header value sent, or nil when no header is sent.
    public var headerValue: String? { self == .none ? nil : text }

    /// Seconds a cache may keep the redirect, when the policy says so.
    public var maxAgeSeconds: Int? {
        switch self {
        case .maxAge(let n), .publicMaxAge(let n), .privateMaxAge(let n): return n
        case .none, .noStore: return nil
        }
    }
}

extension String {
    func trimmingSpaces() -> String { String(Substring(self).trimmingSpacesSub()) }
}

extension Substring {
    func trimmingSpacesSub() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}
