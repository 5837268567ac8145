/// What `detour --version` prints: the package version and the git revision the binary was built
/// from (`BuildRevision`, written by the RevisionStamp build plugin), or the package version alone
/// when it was built outside a git checkout.
enum DetourVersion {
    /// The version of the package, as `check --format sarif` reports it too.
    static let package = "0.1.0"

    /// `detour 0.1.0 (git 1a2b3c4d5e6f)`.
    static var text: String {
        guard let revision = BuildRevision.revision else { return "detour \(package)" }
        return "detour \(package) (git \(revision))"
    }
}
