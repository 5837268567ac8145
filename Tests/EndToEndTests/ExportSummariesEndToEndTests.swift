import Foundation
import Testing

/// Issue #15 §4 in a real terminal: the export dialog lists every target with what it keeps of the
/// file, computed in the background, and the chosen target's mark follows ←/→.
@Suite("export dialog target summaries in a real terminal (tmux)", .serialized)
struct ExportSummariesEndToEndTests {
    @Test("x lists every target with its summary; → moves the mark")
    func everyTargetSummarized() throws {
        let dir = try Shell.repositoryWithExample()
        let tmux = try TmuxSession(arguments: ["edit", "redirects.yaml"], folder: dir, width: 120, height: 40)
        try tmux.waitForScreen(containing: "orders-v2")
        try tmux.send("x")
        let screen = try tmux.waitForScreen("every target's summary") { s in
            s.contains("▸ nginx") && s.contains("all 3 rules") && s.contains("2 refused")
        }
        let rows = screen.split(separator: "\n")
        // The six classic servers keep all three rules of the example (Caddy's cookie rollout included);
        // Envoy has no cookie input and no clock, Traefik cannot key a rollout nor check a window.
        for name in ["nginx", "apache", "haproxy", "caddy", "lighttpd", "varnish"] {
            #expect(rows.contains { $0.contains(" \(name) ") && $0.contains("all 3 rules") }, "\(name)\n\(screen)")
        }
        for name in ["traefik", "envoy"] {
            #expect(
                rows.contains { $0.contains(" \(name) ") && $0.contains("1 of 3 rules; 2 refused: rollout by cookie (1), time window (1)") },
                "\(name)\n\(screen)")
        }
        try tmux.send("Right")
        // Esc cancels a running preview before it closes the dialog: wait for Apache's preview first.
        try tmux.waitForScreen("apache's preview") { $0.contains("▸ apache") && $0.contains("3 exported") }
        try tmux.send("Escape")
        try tmux.waitForScreen(containing: "orders-v2")
        try tmux.send("q")
    }
}
