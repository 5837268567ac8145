/// Reads a `Location` value byte by byte and decides where clients go, judged by the worst client
/// (`reference/client-behavior.md` §4): WHATWG parsing as browsers do it (TAB/LF/CR removed
/// anywhere, leading C0 controls and spaces skipped, `\` is `/` in http(s), `scheme:host` relative
/// only when the scheme equals the page's, any number of slashes before the host, userinfo up to the
/// last `@`) and RFC 3986 parsing as curl and requests do it (where `\` does not end the authority, so
/// `https://good\@evil` goes to `evil`). Its state is small and hashable, so the validator can walk it
/// in step with an automaton of every string a target template can produce.
public struct LocationScanner: Hashable, Sendable {
    /// Where the `Location` sends a client.
    public enum Verdict: Hashable, Sendable {
        /// Not decided yet (more bytes may follow).
        case pending
        /// Same site, an allowed host, or nothing a client would follow.
        case local
        /// Some client is sent to a host that is neither the site's nor allowed.
        case offSite
        /// A `javascript:`, `data:`, `vbscript:`, `file:` or other non-web scheme.
        case dangerousScheme(String)
    }

    struct HostTrack: Hashable {
        var state: Int32 = 0
        var empty = true
        var inPort = false
    }

    enum Phase: UInt8, Hashable { case leading, scheme, afterScheme, leadSlash, authority, decided }

    static let knownSchemes = ["http", "https", "javascript", "data", "vbscript", "file"]
    static let dangerousSchemes: Set<String> = ["javascript", "data", "vbscript", "file"]

    public private(set) var verdict: Verdict = .pending
    var phase: Phase = .leading
    /// Lower-case scheme read so far while it can still be one of `knownSchemes`; nil otherwise.
    var scheme: String? = ""
    var otherSchemeText = ""
    var sameScheme = false
    var slashes = 0
    var firstSlashForward = false
    var allForward = true
    var skippingSlashes = false
    var trackRFC = false
    var w: HostTrack? = nil
    var r: HostTrack? = nil
    let baseIsHTTPS: Bool

    // The scheme's text is only for the message; two scanners that differ in it behave alike.
    public static func == (a: LocationScanner, b: LocationScanner) -> Bool {
        a.verdict == b.verdict && a.phase == b.phase && a.scheme == b.scheme && a.sameScheme == b.sameScheme
            && min(a.slashes, 2) == min(b.slashes, 2) && a.firstSlashForward == b.firstSlashForward && a.allForward == b.allForward
            && a.skippingSlashes == b.skippingSlashes && a.trackRFC == b.trackRFC && a.w == b.w && a.r == b.r && a.baseIsHTTPS == b.baseIsHTTPS
    }

    public func hash(into h: inout Hasher) {
        h.combine(verdict)
        h.combine(phase)
        h.combine(scheme)
        h.combine(min(slashes, 2))
        h.combine(w)
        h.combine(r)
    }

    /// `baseIsHTTPS`: the scheme of the request the redirect answers.
    public init(baseIsHTTPS: Bool) { self.baseIsHTTPS = baseIsHTTPS }

    /// Judges a whole `Location` for both request schemes.
    public static func judge(_ location: [UInt8], trusted: TrustedHosts) -> Verdict {
        var worst: Verdict = .local
        for https in [true, false] {
            var s = LocationScanner(baseIsHTTPS: https)
            for b in location {
                s.feed(b, trusted)
                if s.verdict != .pending { break }
            }
            s.finish(trusted)
            switch s.verdict {
            case .dangerousScheme: return s.verdict
            case .offSite: worst = .offSite
            default: break
            }
        }
        return worst
    }

    public mutating func feed(_ c: UInt8, _ trusted: TrustedHosts) {
        guard verdict == .pending else { return }
        if c == 0x09 || c == 0x0a || c == 0x0d { return }
        switch phase {
        case .leading:
            if c <= 0x20 { return }
            if c == 0x2f || c == 0x5c {
                phase = .leadSlash
                slashes = 1
                allForward = c == 0x2f
            } else if LocationScanner.isAlpha(c) {
                phase = .scheme
                scheme = LocationScanner.extend("", c)
                otherSchemeText = String(UnicodeScalar(c | 0x20))
            } else {
                decide(.local)
            }
        case .scheme:
            if LocationScanner.isAlpha(c) || (c >= 0x30 && c <= 0x39) || c == 0x2b || c == 0x2d || c == 0x2e {
                scheme = scheme.flatMap { LocationScanner.extend($0, c) }
                if otherSchemeText.count < 32 { otherSchemeText.append(Character(UnicodeScalar(LocationScanner.isAlpha(c) ? c | 0x20 : c))) }
            } else if c == 0x3a {
                switch scheme {
                case "http", "https":
                    sameScheme = (scheme == "https") == baseIsHTTPS
                    phase = .afterScheme
                    slashes = 0
                case let s? where LocationScanner.dangerousSchemes.contains(s):
                    decide(.dangerousScheme(s))
                default:
                    decide(.dangerousScheme(otherSchemeText))
                }
            } else {
                decide(.local)
            }
        case .afterScheme:
            if c == 0x2f || c == 0x5c {
                if slashes == 0 { firstSlashForward = c == 0x2f }
                if c != 0x2f { allForward = false }
                slashes = min(slashes + 1, 2)
                return
            }
            // Browsers need two slashes (any kind) to reach the host of the page's own scheme; curl
            // already takes `https:/host` as a host.
            if sameScheme && !(slashes >= 2 || (slashes >= 1 && firstSlashForward)) {
                decide(.local)
                return
            }
            enterAuthority(rfc: slashes >= 1 && allForward)
            authority(c, trusted)
        case .leadSlash:
            if c == 0x2f || c == 0x5c {
                if c != 0x2f { allForward = false }
                enterAuthority(rfc: allForward)
            } else {
                decide(.local)
            }
        case .authority:
            if skippingSlashes {
                if c == 0x2f || c == 0x5c { return }
                skippingSlashes = false
            }
            authority(c, trusted)
        case .decided:
            return
        }
    }

    public mutating func finish(_ trusted: TrustedHosts) {
        guard verdict == .pending else { return }
        if phase == .authority {
            if let t = w { end(t, trusted) }
            if verdict == .pending, let t = r { end(t, trusted) }
        }
        if verdict == .pending { decide(.local) }
    }

    private mutating func enterAuthority(rfc: Bool) {
        phase = .authority
        skippingSlashes = true
        w = HostTrack()
        trackRFC = rfc
        r = rfc ? HostTrack() : nil
    }

    private mutating func authority(_ c: UInt8, _ trusted: TrustedHosts) {
        if var t = w {
            if c == 0x2f || c == 0x5c || c == 0x3f || c == 0x23 {
                end(t, trusted)
                w = nil
            } else {
                LocationScanner.advance(&t, c, trusted)
                w = t
            }
        }
        guard verdict == .pending else { return }
        if var t = r {
            if c == 0x2f || c == 0x3f || c == 0x23 {
                end(t, trusted)
                r = nil
            } else {
                LocationScanner.advance(&t, c, trusted)
                r = t
            }
        }
        if verdict == .pending && w == nil && r == nil { decide(.local) }
    }

    private static func advance(_ t: inout HostTrack, _ c: UInt8, _ trusted: TrustedHosts) {
        if c == 0x40 {
            t = HostTrack()
        } else if c == 0x3a && !t.inPort {
            t.inPort = true
        } else if !t.inPort {
            t.state = trusted.dfa.step(t.state, c)
            t.empty = false
        }
    }

    private mutating func end(_ t: HostTrack, _ trusted: TrustedHosts) {
        if !t.empty && !trusted.dfa.isAccepting(t.state) { decide(.offSite) }
    }

    private mutating func decide(_ v: Verdict) {
        verdict = v
        phase = .decided
        w = nil
        r = nil
    }

    static func isAlpha(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) }

    static func extend(_ s: String, _ c: UInt8) -> String? {
        guard isAlpha(c) else { return nil }
        let n = s + String(UnicodeScalar(c | 0x20))
        return knownSchemes.contains { $0.hasPrefix(n) } ? n : nil
    }
}
