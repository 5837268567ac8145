import DetourCore

/// The importers whose result can be proven against the real server (`detour import … --verify`),
/// by format name: one entry per proof, as `Importers.all` lists the importers.
public enum ImportProofs {
    /// What a proof found: `nginx: 412/412 agree` and the disagreements.
    public typealias Outcome = (summary: String, disagreements: [VerifyDisagreement])
    public typealias Proof = @Sendable (_ files: [String], _ result: ImportResult) throws -> Outcome

    public static let all: [String: Proof] = [
        "nginx": { try NginxImportProof(files: $0, result: $1).run().outcome },
        "apache": { try ApacheImportProof(files: $0, result: $1).run().outcome },
        "traefik": {
            let r = try TraefikImportProof(files: $0, result: $1).run()
            return (r.summary, r.disagreements)
        }
    ]

    /// `apache, nginx, traefik`, for help texts and errors.
    public static var names: String { all.keys.sorted().joined(separator: ", ") }
}

extension VerifyResult {
    fileprivate var outcome: ImportProofs.Outcome { (summary, disagreements) }
}
