import DetourCore
import DetourTUI
import Foundation

/// Keystroke → frame at 10⁶ rules while the export dialog's `verify` runs against the real nginx
/// (`detour-bench tui --during-verify [N]`; the dialog runs `DetourVerify` in-process).
enum TuiVerifyBenchmark {
    static func run(path: String, n: Int, size: Size) {
        let document = try! RuleFileDocument.load(path: path)
        var state = AppState(document: document, size: size)
        let nginx = ServerKind.allCases.firstIndex(of: .nginx)!
        state.mode = .export(ExportDialogState(server: nginx, directory: "/tmp/detour-bench-tui/export"))
        let loop = EditorLoop(state: state, terminal: DiffingTerminal(size: size), journal: nil, savesInBackground: true)
        loop.renderIfNeeded()
        let started = Date()
        loop.send(.event(.key(state.keymap.key(for: .verifyExport, in: .export)!)))
        let (during, landing, cpu) = TuiReloadBenchmark.keysWhile(loop, keys: [.char("j"), .char("j"), .char("k")]) { s in
            if case .export(let dialog) = s.mode { return dialog.running != nil }
            return false
        }
        let seconds = Date().timeIntervalSince(started)
        TuiBenchmark.report(n, "key → frame during verify", during + [landing])
        TuiBenchmark.report(n, "  of which input thread CPU", cpu)
        Bench.row([String(n), "  keys handled during verify", String(during.count), "", "", ""])
        let outcome: String
        if case .export(let dialog) = loop.state.mode { outcome = dialog.verifyReport.last ?? "no report" } else { outcome = "dialog closed" }
        Bench.row([String(n), "verify (background)", Bench.format(seconds), "", "", outcome])
    }
}
