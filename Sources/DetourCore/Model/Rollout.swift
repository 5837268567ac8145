/// A partial rollout (DESIGN §2.2, §6.3): the rule applies to `percent` of clients, picked by a
/// deterministic hash of a key; the others fall through to the next rule.
public struct Rollout: Sendable, Hashable {
    /// What identifies a client for the hash.
    public enum Key: Sendable, Hashable, CustomStringConvertible {
        case ip
        case cookie(String)
        case header(String)

        /// Parses `ip`, `cookie:NAME` or `header:NAME`.
        public init?(text: String) {
            if text == "ip" {
                self = .ip
                return
            }
            if text.hasPrefix("cookie:"), text.count > 7 {
                self = .cookie(String(text.dropFirst(7)))
                return
            }
            if text.hasPrefix("header:"), text.count > 7 {
                self = .header(String(text.dropFirst(7)))
                return
            }
            return nil
        }
        public var description: String {
            switch self {
            case .ip: return "ip"
            case .cookie(let n): return "cookie:" + n
            case .header(let n): return "header:" + n
            }
        }
    }

    /// The share in hundredths of a percent (0…10000), which is the resolution every server's
    /// threshold can express.
    public let basisPoints: Int
    public let key: Key
    /// Mixed into the hash so two rollouts are independent; nil means the rule id.
    public let salt: String?

    public init(basisPoints: Int, key: Key = .ip, salt: String? = nil) {
        self.basisPoints = basisPoints
        self.key = key
        self.salt = salt
    }

    /// The percentage as text with at most two decimals (`20`, `12.5`, `0.01`).
    public var percentText: String {
        let whole = basisPoints / 100
        let frac = basisPoints % 100
        if frac == 0 { return String(whole) }
        return frac % 10 == 0 ? "\(whole).\(frac / 10)" : "\(whole).\(String(frac).leftPadded(2))"
    }

    public var isFull: Bool { basisPoints >= 10000 }

    /// Parses a percentage such as `20`, `20%`, `12.5`, `0.01`; nil when not a number with at most
    /// two decimals in 0…100.
    public static func parsePercent(_ text: String) -> Int? {
        var t = Substring(text.trimmingSpaces())
        if t.hasSuffix("%") { t = t.dropLast().trimmingSpacesSub() }
        let parts = t.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let wholeText = parts.first, !wholeText.isEmpty, wholeText.count <= 3,
            wholeText.allSatisfy({ $0.isASCII && $0.isNumber }), let whole = Int(wholeText)
        else { return nil }
        var frac = 0
        if parts.count == 2 {
            let f = parts[1]
            guard !f.isEmpty, f.count <= 2, f.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            frac = Int(f)! * (f.count == 1 ? 10 : 1)
        }
        let bp = whole * 100 + frac
        return bp <= 10000 ? bp : nil
    }
}
