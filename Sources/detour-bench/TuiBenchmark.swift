import DetourCore
import DetourTUI
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The editor with 10⁶ rules: open a CSV to the first frame, and keystroke → frame latency while
/// scrolling and while filtering (update + render into the cell buffer + diff against the previous
/// frame, which is all the work before curses writes the changed cells).
enum TuiBenchmark {
    static func run(_ args: [String]) {
        if args.first == "--open-only", args.count == 2 {
            openOnly(args[1])
            return
        }
        let duringReloadOnly = args.first == "--during-reload"
        let duringVerifyOnly = args.first == "--during-verify"
        let skipped = duringReloadOnly || duringVerifyOnly ? 1 : 0
        let n = args.dropFirst(skipped).first.flatMap(Int.init) ?? 1_000_000
        let size = Size(width: 120, height: 40)
        let dir = "/tmp/detour-bench-tui"
        mkdir(dir, 0o755)
        let path = "\(dir)/rules-\(n).csv"
        try! RuleFileDocument.write(SyntheticRules.exact(count: n), to: path)
        if duringReloadOnly {
            Bench.row(["rules", "measure", "p50", "p99", "max", "target"])
            TuiReloadBenchmark.run(path: path, n: n, size: size)
            return
        }
        if duringVerifyOnly {
            Bench.row(["rules", "measure", "p50", "p99", "max", "target"])
            TuiVerifyBenchmark.run(path: path, n: n, size: size)
            return
        }

        // Open to first frame: the load (DetourCore's CSV reader) and the editor's own part.
        var previous: CellBuffer?
        let (doc, loadTime) = Bench.time { try! RuleFileDocument.load(path: path) }
        let (opened, frameTime) = Bench.time { () -> AppState in
            let state = AppState(path: path, ruleSet: doc.ruleSet, size: size)
            previous = Screen.render(state)
            _ = previous!.diff(from: nil)
            return state
        }
        var state = opened
        Bench.row(["rules", "measure", "p50", "p99", "max", "target"])
        // A fresh process, as `detour edit` is: its memory is not yet faulted in, unlike this
        // one's, which just generated and wrote the rules.
        for run in 1...3 {
            let fresh = freshProcessOpen(path)
            Bench.row([String(n), "open CSV → frame, fresh process #\(run)", fresh, "", "", "≤ 2 s"])
        }
        Bench.row([String(n), "open CSV → frame, warm process", Bench.format(loadTime + frameTime), "", "", "≤ 2 s"])
        Bench.row([String(n), "  of which load", Bench.format(loadTime), "", "", ""])
        Bench.row([String(n), "  state + frame", Bench.format(frameTime), "", "", ""])

        func frame(after action: Action) -> Double {
            TuiBenchmark.frameTime(&state, &previous, after: action)
        }

        // Scrolling: j, page down, G, g, k across the million.
        var scroll: [Double] = []
        let keys: [Key] =
            Array(repeating: .char("j"), count: 400) + Array(repeating: .pageDown, count: 300)
            + [.char("G")] + Array(repeating: .char("k"), count: 200) + Array(repeating: .pageUp, count: 98) + [.char("g")]
        for k in keys { scroll.append(frame(after: .event(.key(k)))) }
        report(n, "scroll key → frame", scroll)

        // Filtering: type a query; each key restarts the scan; the loop runs one chunk per turn
        // when no key is waiting, so the worst wait for a key is one chunk plus one frame.
        _ = Editor.update(&state, .event(.key(.char("/"))))
        var keyFrames: [Double] = []
        var stepFrames: [Double] = []
        var scanTotal = 0.0
        for c in "leather-urban-4" {
            keyFrames.append(frame(after: .event(.key(.char(c)))))
            var scan = 0.0
            while state.isFilterScanning {
                let t = frame(after: .filterStep)
                stepFrames.append(t)
                scan += t
            }
            scanTotal = max(scanTotal, scan)
        }
        report(n, "filter key → frame", keyFrames)
        report(n, "filter chunk → frame", stepFrames)
        Bench.row([String(n), "filter full scan", Bench.format(scanTotal), "", "", "(incremental)"])
        Bench.row([String(n), "matches", String(state.visibleCount), "", "", ""])

        _ = Editor.update(&state, .event(.key(.esc)))
        TuiValidationBenchmark.run(state: state, n: n)
        TuiReloadBenchmark.run(path: path, n: n, size: size)
    }

    /// Seconds from `action` to its frame: update, render into the cell buffer, and diff against
    /// the previous frame (which becomes this one).
    static func frameTime(_ state: inout AppState, _ previous: inout CellBuffer?, after action: Action) -> Double {
        Bench.time { () -> Int in
            _ = Editor.update(&state, action)
            let buffer = Screen.render(state)
            let runs = buffer.diff(from: previous)
            previous = buffer
            return runs.count
        }.1
    }

    /// Load `path` and render the first 120×40 frame; prints the seconds it took.
    static func openOnly(_ path: String) {
        let (_, t) = Bench.time { () -> Int in
            let doc = try! RuleFileDocument.load(path: path)
            let state = AppState(path: path, ruleSet: doc.ruleSet, size: Size(width: 120, height: 40))
            return Screen.render(state).diff(from: nil).count
        }
        print(t)
    }

    /// Runs `openOnly` in a new process of this benchmark and returns its figure.
    static func freshProcessOpen(_ path: String) -> String {
        guard let out = Bench.runFresh(["tui", "--open-only", path]), let seconds = Double(out) else { return "failed" }
        return Bench.format(seconds)
    }

    static func report(_ n: Int, _ name: String, _ samples: [Double]) {
        let sorted = samples.sorted()
        func pct(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        func ms(_ s: Double) -> String { String(format: "%.2f ms", s * 1000) }
        Bench.row([String(n), name, ms(pct(0.5)), ms(pct(0.99)), ms(sorted.last ?? 0), "p99 ≤ 16 ms"])
    }
}
