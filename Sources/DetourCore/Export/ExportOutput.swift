/// One file of an export, relative to the export directory. A file generated as bytes (the
/// ~100 MB exact-path map of a 10^6-rule nginx export) keeps them: no String copy is made unless
/// someone asks for `contents`.
public struct ExportedFile: Sendable, Hashable {
    public let name: String
    private let storage: Storage

    private enum Storage: Sendable {
        case text(String)
        case bytes([UInt8])
    }

    public init(name: String, contents: String) {
        self.name = name
        storage = .text(contents)
    }

    /// A file from its UTF-8 bytes.
    public init(name: String, bytes: [UInt8]) {
        self.name = name
        storage = .bytes(bytes)
    }

    /// The file's text.
    public var contents: String {
        switch storage {
        case .text(let t): return t
        case .bytes(let b): return String(decoding: b, as: UTF8.self)
        }
    }

    /// The bytes written to disk.
    public var bytes: [UInt8] {
        switch storage {
        case .text(let t): return Array(t.utf8)
        case .bytes(let b): return b
        }
    }

    /// The size of the file in bytes, without copying it.
    public var byteCount: Int {
        switch storage {
        case .text(let t): return t.utf8.count
        case .bytes(let b): return b.count
        }
    }

    /// Calls `body` with the file's bytes in place (no copy for either form).
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        switch storage {
        case .text(var t): return try t.withUTF8(body)
        case .bytes(let b): return try b.withUnsafeBufferPointer(body)
        }
    }

    /// Files are equal when their names and bytes are, however they were built.
    public static func == (a: ExportedFile, b: ExportedFile) -> Bool {
        a.name == b.name && a.withBytes { x in b.withBytes { y in x.elementsEqual(y) } }
    }

    public func hash(into h: inout Hasher) {
        h.combine(name)
        withBytes { h.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

/// The result of exporting a rule set to one server.
public struct ExportOutput: Sendable {
    public let server: ServerKind
    public var files: [ExportedFile]
    /// The main file of a standalone export (`nginx.conf`, …), nil for include files.
    public var mainFile: String?
    /// Rules left out by a lenient export.
    public var omissions: [ExportOmission]
    /// How many rules were exported.
    public var exportedRuleCount: Int
    /// The earliest moment the export stops being exact on its own (a `starts`/`expires` on a
    /// server that enforces windows by export-time cut-off); nil when none.
    public var reexportBefore: Timestamp?

    public init(
        server: ServerKind, files: [ExportedFile], mainFile: String?, omissions: [ExportOmission], exportedRuleCount: Int, reexportBefore: Timestamp?
    ) {
        self.server = server
        self.files = files
        self.mainFile = mainFile
        self.omissions = omissions
        self.exportedRuleCount = exportedRuleCount
        self.reexportBefore = reexportBefore
    }
}
