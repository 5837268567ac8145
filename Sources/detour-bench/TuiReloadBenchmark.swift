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
        let keymap = state.keymap
        let reloadKey = keymap.key(for: .confirmReload, in: .dialog)!
        let keys: [Key] = [.char("j"), .char("j"), .pageDown, .char("k")]
        var during: [Double] = []
        var landings: [Double] = []
        var reloads: [Double] = []
        var cpu: [Double] = []
        // Five reloads, each in a fresh editor; keys about every 5 ms (faster than key repeat)
        // until the reload has landed.
        for _ in 1...5 {
            let loop = EditorLoop(state: state, terminal: DiffingTerminal(size: size), journal: nil, savesInBackground: true)
            loop.renderIfNeeded()
            let started = Date()
            loop.send(.event(.key(reloadKey)))
            let (keysDuring, landing, keysCPU) = keysWhile(loop, keys: keys) { $0.isReloading }
            during += keysDuring
            cpu += keysCPU
            landings.append(landing)
            reloads.append(Date().timeIntervalSince(started))
        }
        let landing = landings.max() ?? 0
        let reloadSeconds = reloads.sorted()[reloads.count / 2]
        // The turns that take in the reloaded rules count as keystrokes during the reload too.
        TuiBenchmark.report(n, "key → frame during reload", during + landings)
        TuiBenchmark.report(n, "  of which input thread CPU", cpu)
        Bench.row([String(n), "  keys handled during 5 reloads", String(during.count), "", "", ""])
        Bench.row([String(n), "  reload lands → frame (max)", String(format: "%.2f ms", landing * 1000), "", "", ""])
        Bench.row([String(n), "reload (background, median)", Bench.format(reloadSeconds), "", "", ""])

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

    /// Sends `keys` in turn, about every 5 ms (faster than key repeat), while `isBusy` holds;
    /// times each turn from the key to its frame. Returns the turns while busy and the one on
    /// which the job's result landed.
    /// `cpu` holds the input thread's CPU time of each busy turn: on a shared machine it says what
    /// the turn costs when the scheduler lets the thread wait.
    static func keysWhile(_ loop: EditorLoop, keys: [Key], isBusy: (AppState) -> Bool) -> (during: [Double], landing: Double, cpu: [Double]) {
        var during: [Double] = []
        var cpu: [Double] = []
        var turn = 0
        while true {
            let cpuBefore = threadCPUSeconds()
            let (_, t) = Bench.time { () -> Int in
                loop.receiveResults()
                loop.send(.event(.key(keys[turn % keys.count])))
                loop.send(.tick(seconds: Date().timeIntervalSince1970))
                loop.renderIfNeeded()
                return loop.framesPresented
            }
            turn += 1
            guard isBusy(loop.state) else { return (during, t, cpu) }
            during.append(t)
            cpu.append(threadCPUSeconds() - cpuBefore)
            usleep(5_000)
        }
    }
}

/// A terminal that does what curses' part of a frame costs before writing: the diff against the
/// previous frame.
/// CPU seconds the calling thread has used.
func threadCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

final class DiffingTerminal: TerminalDevice {
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
