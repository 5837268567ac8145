/// Targets and sources written as IRIs (RFC 3987: `/café`, `https://bücher.example/straße`) and
/// the URIs browsers make of them: the host by IDNA (`Punycode.toASCII`), every other non-ASCII
/// character as the percent-encoding of its UTF-8 bytes. Rule files keep what the user typed;
/// `simulate` Locations, matching and every export use the URI.
public enum IRI {
    /// Whether the text has a character outside ASCII (the only case with anything to do).
    public static func hasNonASCII(_ text: String) -> Bool { text.utf8.contains { $0 >= 0x80 } }

    /// The URI of an IRI reference: an absolute `http(s)://host…` gets its host in ASCII, and
    /// every non-ASCII character elsewhere is percent-encoded (upper-case hex, as browsers send
    /// it). ASCII text is returned as it is, so an existing `%C3%A9` stays as written.
    public static func uri(_ text: String) -> String {
        guard hasNonASCII(text) else { return text }
        if let scheme = Target.schemeOf(text), text.dropFirst(scheme.count + 1).hasPrefix("//") {
            let afterSlashes = text.index(text.startIndex, offsetBy: scheme.count + 3)
            let authorityEnd = text[afterSlashes...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? text.endIndex
            let authority = text[afterSlashes..<authorityEnd]
            return text[..<afterSlashes] + asciiAuthority(authority) + percentEncodeNonASCII(text[authorityEnd...])
        }
        return percentEncodeNonASCII(Substring(text))
    }

    /// `userinfo@host:port` with the host in ASCII; a host that cannot be converted (a
    /// placeholder, an invalid name) keeps its characters percent-encoded, which no server takes
    /// for a host, so a check reports it rather than a wrong host being used.
    static func asciiAuthority(_ authority: Substring) -> String {
        var userinfo = ""
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            userinfo = percentEncodeNonASCII(authority[...at])
            hostPort = authority[authority.index(after: at)...]
        }
        var port = Substring("")
        if let colon = hostPort.lastIndex(of: ":"), !hostPort.hasPrefix("[") {
            port = hostPort[colon...]
            hostPort = hostPort[..<colon]
        }
        guard let host = Punycode.toASCII(host: String(hostPort)) else { return userinfo + percentEncodeNonASCII(hostPort) + port }
        return userinfo + host + port
    }

    /// A `host[:port]` written in Unicode as the ASCII name requests carry; nil when IDNA cannot
    /// write it.
    static func asciiHost(_ hostPort: String) -> String? {
        var host = Substring(hostPort)
        var port = Substring("")
        if let colon = host.lastIndex(of: ":") {
            port = host[colon...]
            host = host[..<colon]
        }
        return Punycode.toASCII(host: String(host)).map { $0 + port }
    }

    /// The text with each non-ASCII character replaced by `%XX` of its UTF-8 bytes.
    public static func percentEncodeNonASCII(_ text: Substring) -> String {
        let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 2)
        for b in text.utf8 {
            if b < 0x80 {
                out.append(b)
            } else {
                out.append(0x25)
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The rule as servers and clients see it: source and target as URIs (a rule without
    /// non-ASCII text comes back as it is). A regex source keeps its text: its non-ASCII
    /// characters are matched as the regex engine sees them.
    public static func encoded(_ rule: Rule) -> Rule {
        guard needsEncoding(rule) else { return rule }
        let target = rule.target.text
        let source = rule.source.text
        let regex = source.hasPrefix("~")
        var out = rule
        var sourceIsPrefix = false
        if !regex, hasNonASCII(source), let s = try? Source.parse(uri(source)) {
            out.source = s
        }
        if case .prefix = out.source.kind { sourceIsPrefix = true }
        if hasNonASCII(target), let t = try? Target.parse(uri(target), captureCount: out.source.captureCount, sourceIsPrefix: sourceIsPrefix) {
            out.target = t
        }
        return out
    }

    /// Whether the rule's target, or its exact or prefix source, holds non-ASCII text; decided on
    /// the stored bytes, so a pass over 10⁶ plain rules makes no strings.
    static func needsEncoding(_ rule: Rule) -> Bool {
        if rule.target.storedText.withUTF8({ $0.contains { $0 >= 0x80 } }) { return true }
        return rule.source.storedText.withUTF8 { b in b.first != 0x7e && b.contains { $0 >= 0x80 } }
    }
}

extension RuleSet {
    /// The rule set as servers and clients see it (`IRI.encoded` of every rule); the same set when
    /// no rule has non-ASCII text.
    public func encodingIRIs() -> RuleSet {
        guard rules.contains(where: IRI.needsEncoding) else { return self }
        var out = self
        out.rules = rules.map(IRI.encoded)
        return out
    }
}
