import Foundation
import PackagePlugin

/// Writes `BuildRevision.swift` for the `detour` executable before every build: the git revision
/// of the checkout (`git describe --always --dirty`), or nil when the package is not a git
/// checkout or git is missing (a source archive), so `detour --version` never needs a manual step.
/// The file is rewritten only when the revision changes, so an unchanged checkout recompiles nothing.
@main
struct RevisionStamp: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("Generated")
        let script = """
            set -u
            out="$2/BuildRevision.swift"
            rev=$(git -C "$1" describe --always --dirty --abbrev=12 2>/dev/null || true)
            if [ -n "$rev" ]; then value="\\"$rev\\""; else value="nil"; fi
            text="// Written by the RevisionStamp build plugin.
            enum BuildRevision { static let revision: String? = $value }"
            mkdir -p "$2"
            if [ ! -f "$out" ] || [ "$(cat "$out")" != "$text" ]; then printf '%s\\n' "$text" > "$out"; fi
            """
        return [
            .prebuildCommand(
                displayName: "Stamping the git revision for detour --version",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", script, "sh", context.package.directoryURL.path, output.path],
                outputFilesDirectory: output)
        ]
    }
}
