import DetourCore

/// The importers whose result can be proven against the real server (`detour import … --verify`),
/// by format name: one entry per proof, as `Importers.all` lists the importers.
public enum ImportProofs {
    public typealias Proof = @Sendable (_ files: [String], _ result: ImportResult) throws -> VerifyResult

    public static let all: [String: Proof] = [
        "nginx": { try NginxImportProof(files: $0, result: $1).run() },
        "apache": { try ApacheImportProof(files: $0, result: $1).run() }
    ]

    /// `apache, nginx`, for help texts and errors.
    public static var names: String { all.keys.sorted().joined(separator: ", ") }
}
