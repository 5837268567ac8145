/// How to export: into an existing configuration or as a standalone redirect-only server, strict
/// or lenient, and what the header comment records.
public struct ExportOptions: Sendable {
    /// Where a standalone server listens; nil writes the include files for an existing config.
    public var standaloneListen: ListenAddress?
    /// Absolute directory the files are written to; standalone configs keep every runtime path in it.
    public var directory: String
    /// Export the rules that can be expressed and list the others instead of refusing.
    public var lenient: Bool
    /// The rule file's path as given, for the header comment.
    public var sourceFile: String
    /// SHA-256 (hex) of the rule file's bytes.
    public var sourceSHA256: String
    /// The export time: rules already expired are left out, and servers without a clock get a
    /// cut-off computed from it.
    public var now: Timestamp

    public init(
        directory: String, sourceFile: String = "-", sourceSHA256: String = "", now: Timestamp = .now(),
        standaloneListen: ListenAddress? = nil, lenient: Bool = false
    ) {
        self.directory = directory
        self.sourceFile = sourceFile
        self.sourceSHA256 = sourceSHA256
        self.now = now
        self.standaloneListen = standaloneListen
        self.lenient = lenient
    }

    public var isStandalone: Bool { standaloneListen != nil }
}

/// `ADDR:PORT` for `--listen`: an IPv4 address or `localhost`, and a port.
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    public let host: String
    public let port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `127.0.0.1:8080`; nil when malformed.
    public init?(text: String) {
        guard let colon = text.lastIndex(of: ":"), let p = Int(text[text.index(after: colon)...]), p > 0, p < 65536 else { return nil }
        let h = String(text[..<colon])
        let octets = h.split(separator: ".", omittingEmptySubsequences: false)
        guard h == "localhost" || (octets.count == 4 && octets.allSatisfy { Int($0).map { (0...255).contains($0) } ?? false }) else { return nil }
        host = h == "localhost" ? "127.0.0.1" : h
        port = p
    }

    public var description: String { "\(host):\(port)" }
}
