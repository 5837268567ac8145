import DetourCore
import DetourTUI
import Foundation

/// Keystroke → frame at 10⁶ rules while the file is read again in the background (the user chose
/// "reload" after a conflict): the loop keeps handling keys, ticks and results, and each key's
/// turn is timed from the key to its frame, including the turn on which the reload lands.
enum TuiReloadBenchmark {
    static func run(path: String, n: Int, size: Size) {
        let document = try! RuleFileDocument.load(path: path)
        var state = AppState(document: document, size: size)
        state.mode = .confirm(.fileChangedOnDisk(quitAfterSave: false))
        let terminal = DiffingTerminal(size: size)
        let loop = EditorLoop(state: state, terminal: terminal, journal: nil, savesInBackground: true)
        loop.renderIfNeeded()
        let keymap = state.keymap
        let reloadKey = keymap.key(for: .confirmReload, in: .dialog)!
        let keys: [Key] = [.char("j"), .char("j"), .pageDown, .char("k")]

        var during: [Double] = []
        var landing = 0.0
        let started = Date()
        var reloadSeconds = 0.0
        loop.send(.event(.key(reloadKey)))
        var turn = 0
        // Keys about every 5 ms, faster than key repeat, until the reload has landed and at least
        // 200 keys were timed.
        while loop.state.isReloading || during.count < 200 {
            let wasReloading = loop.state.isReloading
            let (_, t) = Bench.time { () -> Int in
                loop.receiveResults()
                loop.send(.event(.key(keys[turn % keys.count])))
                loop.send(.tick(seconds: Date().timeIntervalSince1970))
                loop.renderIfNeeded()
                return loop.framesPresented
            }
            turn += 1
            if wasReloading {
                if loop.state.isReloading {
                    during.append(t)
                } else {
                    landing = t
                    reloadSeconds = Date().timeIntervalSince(started)
                }
            } else if reloadSeconds > 0 {
                break
            }
            usleep(5_000)
        }
        // The turn that takes in the reloaded rules counts as a keystroke during the reload too.
        TuiBenchmark.report(n, "key → frame during reload", during + [landing])
        Bench.row([String(n), "  keys handled during reload", String(during.count), "", "", ""])
        Bench.row([String(n), "  reload lands → frame", String(format: "%.2f ms", landing * 1000), "", "", ""])
        Bench.row([String(n), "reload (background)", Bench.format(reloadSeconds), "", "", ""])

        // Before the runtime: the reload ran inside the key's turn on the input thread, as the
        // loop's inline mode (tests) still does, so that one key waited for the whole load.
        let inline = EditorLoop(state: state, terminal: DiffingTerminal(size: size), journal: nil, savesInBackground: false)
        inline.renderIfNeeded()
        let (_, blocked) = Bench.time { () -> Int in
            inline.send(.event(.key(reloadKey)))
            inline.renderIfNeeded()
            return inline.framesPresented
        }
        Bench.row([String(n), "reload inline (before): key → frame", String(format: "%.0f ms", blocked * 1000), "", "", ""])
    }
}

/// A terminal that does what curses' part of a frame costs before writing: the diff against the
/// previous frame.
private final class DiffingTerminal: TerminalDevice {
    let size: Size
    let colorCapability = ColorCapability.palette256
    private var previous: CellBuffer?
    init(size: Size) { self.size = size }
    func present(_ frame: CellBuffer) {
        _ = frame.diff(from: previous)
        previous = frame
    }
    func nextEvent(timeoutMilliseconds: Int) -> TerminalEvent? { nil }
    func suspend() {}
    func restore() {}
}
