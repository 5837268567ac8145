import DetourCore
import DetourTUI
import Foundation

/// The editor's journeys with 10⁶ rules: keystroke → frame while the validator runs on another
/// thread (typing in the rule form and in the filter), how long that validation takes, and how
/// fast the findings panel opens once results exist.
enum TuiValidationBenchmark {
    static func run(state initial: AppState, n: Int) {
        var state = initial
        // Synthetic rules are clean; give every tenth one a permanent code with an expiry (DT022),
        // so the panel has 10⁵ findings to sort and show.
        let expiry = Timestamp(rfc3339: "2030-01-01T00:00:00Z")!
        for i in stride(from: 0, to: state.rules.count, by: 10) {
            state.rules[i].code = .movedPermanently
            state.rules[i].expires = expiry
        }
        var previous: CellBuffer? = Screen.render(state)
        func frame(after action: Action) -> Double {
            TuiBenchmark.frameTime(&state, &previous, after: action)
        }

        // The validator on its own thread, as the editor runs it.
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        let set = state.ruleSet
        let revision = state.revision
        let started = Date()
        let thread = Thread {
            var validator = Validator()
            validator.workers = Validator.backgroundWorkers
            let index = FindingsIndex(revision: revision, findings: validator.validate(set))
            box.set(index, seconds: Date().timeIntervalSince(started))
            done.signal()
        }
        thread.stackSize = 64 << 20
        thread.start()

        // Type into the form's note field and into the filter while it runs.
        var typing: [Double] = []
        let text = Array("moved for the spring catalogue, see ticket 4711 ")
        _ = frame(after: .event(.key(.char("e"))))
        var k = 0
        while box.get() == nil || typing.count < 400 {
            if k % 200 == 199 {
                _ = frame(after: .event(.key(.ctrl("u"))))  // clear the field, keep typing
            } else {
                typing.append(frame(after: .event(.key(.char(text[k % text.count])))))
            }
            k += 1
            if typing.count >= 20_000 { break }
        }
        let duringValidation = typing.count
        _ = Editor.update(&state, .event(.key(.esc)))
        _ = Editor.update(&state, .event(.key(.char("d"))))  // discard the form's changes
        done.wait()
        let (index, seconds) = box.get()!
        TuiBenchmark.report(n, "form typing → frame, validator running", typing)
        Bench.row([String(n), "  keystrokes during validation", String(duringValidation), "", "", ""])
        Bench.row([String(n), "validation (background)", Bench.format(seconds), "", "", ""])
        Bench.row([String(n), "findings", String(index.sorted.count), "", "", ""])

        _ = frame(after: .validationFinished(index))
        var opens: [Double] = []
        for _ in 0..<30 {
            opens.append(frame(after: .event(.key(.char("!")))))
            _ = frame(after: .event(.key(.esc)))
        }
        let sorted = opens.sorted()
        Bench.row([
            String(n), "findings panel open → frame", String(format: "%.2f ms", sorted[sorted.count / 2] * 1000),
            String(format: "%.2f ms", sorted[sorted.count - 1] * 1000), "", "≤ 100 ms"
        ])
        var scroll: [Double] = []
        _ = frame(after: .event(.key(.char("!"))))
        for _ in 0..<200 { scroll.append(frame(after: .event(.key(.char("j"))))) }
        TuiBenchmark.report(n, "findings panel j → frame", scroll)
        _ = Editor.update(&state, .event(.key(.esc)))

        // The export dialog: the lenient nginx export with verdicts (a background job in the
        // editor), then scrolling its preview.
        let (exported, exportTime) = Bench.time {
            try? ExportPreview.make(state.ruleSet, server: .nginx, directory: "/tmp/detour-bench-tui/export", sourceFile: "rules.csv")
        }
        Bench.row([String(n), "export dialog preview (background)", Bench.format(exportTime), "", "", ""])
        guard let exported else { return }
        var dialog = ExportDialogState(server: 0, directory: "/tmp/detour-bench-tui/export")
        dialog.preview = exported
        state.mode = .export(dialog)
        var previewScroll: [Double] = []
        for k in 0..<300 { previewScroll.append(frame(after: .event(.key(k < 200 ? .char("j") : .pageDown)))) }
        TuiBenchmark.report(n, "export preview scroll → frame", previewScroll)
    }
}

/// The validation thread's result, handed over under a lock.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: (FindingsIndex, Double)?
    func set(_ index: FindingsIndex, seconds: Double) {
        lock.lock()
        value = (index, seconds)
        lock.unlock()
    }
    func get() -> (FindingsIndex, Double)? {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
