import DetourCore
import Foundation
import Testing

@testable import DetourTUI

/// `detour edit site.conf`: an Apache configuration opens as its imported rules, the report's
/// constructs are findings, and the first save writes `site.detour.yaml` beside it, never the
/// configuration itself.
@Suite("Editing an imported server configuration")
struct ImportedEditingTests {
    static let config = """
        <VirtualHost *:80>
            ServerName example.com
            RewriteEngine On
            # Old shop
            RewriteRule ^/shop/(.*)$ /store/$1 [R=301,L]
            RewriteCond %{QUERY_STRING} ^id=([0-9]+)$
            RewriteRule ^/item\\.php$ /items/%1? [R=301,L]
            Redirect 301 /about /company
        </VirtualHost>

        """

    func editor() throws -> (TestEditor, String) {
        let dir = TUITestSupport.tempDir()
        let path = dir + "/site.conf"
        try Self.config.write(toFile: path, atomically: true, encoding: .utf8)
        let opened = try #require(try ImportOpening.open(path: path, contents: Self.config))
        let state = try AppState(imported: opened, size: Size(width: 100, height: 24))
        return (TestEditor(state: state, validates: true), path)
    }

    @Test("opens the imported rules under the proposed name, unsaved, with the report in the findings panel")
    func opensImport() throws {
        let (e, path) = try editor()
        #expect(e.state.path == path.replacingOccurrences(of: "site.conf", with: "site.detour.yaml"))
        #expect(e.state.hasUnsavedChanges)
        #expect(e.state.rules.map(\.source.text) == ["~^/shop/([\\s\\S]*)$", "/about", "/about/*"])
        #expect(e.screenText.contains("1 not imported (see findings)"))
        e.press(.openFindings)
        let text = e.screenText
        #expect(text.contains("import"))
        #expect(text.contains("site.conf:7: RewriteRule ^/item\\.php$ /items/%1? [R=301,L]"))
        #expect(text.contains("QUERY_STRING"))
        e.press(.jumpToRule)
        #expect(e.state.status?.text.hasPrefix("not imported, no rule to show") == true)
    }

    @Test("the first save writes site.detour.yaml and leaves the server configuration as it was")
    func firstSaveWritesTheDetourFile() throws {
        let (e, path) = try editor()
        e.press(.save)
        #expect(!e.state.hasUnsavedChanges)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.config)
        let saved = try RuleFileDocument.load(path: e.state.path)
        #expect(saved.ruleSet.rules.count == 3)
        #expect(saved.ruleSet.rules[0].note == "Old shop")
        // A second import of the same file proposes the next free name.
        #expect(ImportOpening.proposedPath(for: path).hasSuffix("/site-2.detour.yaml"))
    }
}
