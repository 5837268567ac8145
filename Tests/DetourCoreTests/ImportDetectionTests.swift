import Foundation
import Testing

@testable import DetourCore

/// Telling a server configuration from a rule file: `Importers.detect` names nginx and Apache
/// files (and nothing for Detour's own YAML), and `detour check site.conf` answers with the
/// importer to use instead of a YAML error.
@Suite("import format detection")
struct ImportDetectionTests {
    static let fixtures = "Tests/DetourCoreTests/Fixtures/import/"

    static func detected(_ path: String) throws -> String? {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return Importers.detect(contents: text, path: path)?.format
    }

    @Test func nginxApacheAndRuleFilesAreToldApart() throws {
        for name in ["rewrites.conf", "map.conf", "multi-server.conf", "precedence.conf"] {
            #expect(try Self.detected(Self.fixtures + "nginx/" + name) == "nginx", "\(name)")
        }
        for name in ["vhosts.conf", "wordpress.htaccess", "legacy.htaccess", "conf.d/shop-extra.conf"] {
            #expect(try Self.detected(Self.fixtures + "apache/" + name) == "apache", "\(name)")
        }
        #expect(try Self.detected("examples/api-migration.yaml") == nil)
        // A bare .htaccess name is Apache's even when it holds only mod_rewrite lines.
        #expect(Importers.detect(contents: "RewriteEngine On\n", path: "/srv/www/.htaccess")?.format == "apache")
        #expect(Importers.detect(contents: "site:\n  hosts: [a.example]\nrules: []\n", path: "x.conf") == nil)
    }

    @Test func checkOnAServerConfigNamesTheImporter() throws {
        let r = try CLIRunner.run(["check", Self.fixtures + "apache/vhosts.conf"])
        #expect(r.status == 2)
        #expect(
            r.stderr.contains(
                "vhosts.conf:1:1: this is an apache configuration, not a Detour rule file: import it with `detour import apache "))
        #expect(r.stderr.contains("-o " + Self.fixtures + "apache/vhosts.detour.yaml`, or open it with `detour edit "))
        let nginx = try CLIRunner.run(["check", Self.fixtures + "nginx/rewrites.conf"])
        #expect(nginx.stderr.contains("this is an nginx configuration, not a Detour rule file"))
        #expect(!nginx.stderr.contains("expected a mapping"))
    }

    @Test func proposedNamesNeverTakeAnExistingFile() {
        var taken: Set<String> = ["/srv/site.detour.yaml"]
        #expect(ImportOpening.proposedPath(for: "/srv/site.conf", exists: taken.contains) == "/srv/site-2.detour.yaml")
        taken.insert("/srv/site-2.detour.yaml")
        #expect(ImportOpening.proposedPath(for: "/srv/site.conf", exists: taken.contains) == "/srv/site-3.detour.yaml")
        #expect(ImportOpening.proposedPath(for: "/srv/www/.htaccess", exists: { _ in false }) == "/srv/www/htaccess.detour.yaml")
        #expect(ImportOpening.proposedPath(for: "_redirects", exists: { _ in false }) == "_redirects.detour.yaml")
    }
}
