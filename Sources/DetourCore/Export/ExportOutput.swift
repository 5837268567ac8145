/// One file of an export, relative to the export directory.
public struct ExportedFile: Sendable, Hashable {
    public let name: String
    public let contents: String
    public init(name: String, contents: String) {
        self.name = name
        self.contents = contents
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

    public init(server: ServerKind, files: [ExportedFile], mainFile: String?, omissions: [ExportOmission], exportedRuleCount: Int, reexportBefore: Timestamp?) {
        self.server = server
        self.files = files
        self.mainFile = mainFile
        self.omissions = omissions
        self.exportedRuleCount = exportedRuleCount
        self.reexportBefore = reexportBefore
    }
}
