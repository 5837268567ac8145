import DetourCore
import Foundation
import Testing

@testable import DetourTUI

/// Paths and fixtures shared by the TUI tests.
enum TUITestSupport {
    static let repoRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// A fixed copy of the bundled example, so the tests do not change when the example does.
    static var examplePath: String { repoRoot + "/Tests/DetourTUITests/Fixtures/redirects.yaml" }

    /// This run's scratch folder; folders of earlier runs whose process is gone are removed.
    static let scratchRoot: String = {
        let parent = NSTemporaryDirectory() + "detour-tui-tests"
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] {
            if let pid = Int32(entry), kill(pid, 0) != 0 { try? FileManager.default.removeItem(atPath: parent + "/" + entry) }
        }
        return parent + "/\(getpid())"
    }()

    static func tempDir() -> String {
        let dir = scratchRoot + "/" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A copy of the bundled example in a fresh folder (tests that save must not touch the repo).
    static func copyOfExample() -> String {
        let path = tempDir() + "/api-migration.yaml"
        try! FileManager.default.copyItem(atPath: examplePath, toPath: path)
        return path
    }

    static func document(_ yaml: String, name: String = "rules.yaml") throws -> RuleFileDocument {
        let path = tempDir() + "/" + name
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return try RuleFileDocument.load(path: path)
    }

    /// Rules with awkward text: CJK, emoji, a combining accent, an escape character.
    static let awkwardYAML = """
        site:
          hosts: [example.com]
        rules:
          - id: cjk
            source: /商品/靴
            target: /products/shoes
            code: 301
            note: 日本語のメモ
          - id: emoji
            source: /party
            target: https://example.com/🎉/celebrate/with/a/very/long/path/that/does/not/fit/anywhere/at/all
            code: 302
            cache: max-age=86400
          - id: accent
            source: /cafe\u{301}
            target: /café
            code: 308
            note: "escape \\x1b[31m inside"
            enabled: false
        """
}

/// A terminal in memory: scripted events in, frames out.
final class FakeTerminal: TerminalDevice {
    var size: Size
    var events: [TerminalEvent] = []
    var frames: [CellBuffer] = []
    var suspended = 0
    var restored = 0
    let colorCapability: ColorCapability

    init(size: Size, colors: ColorCapability = .palette256) {
        self.size = size
        self.colorCapability = colors
    }

    func present(_ frame: CellBuffer) { frames.append(frame) }
    func nextEvent(timeoutMilliseconds: Int) -> TerminalEvent? {
        guard !events.isEmpty else { return nil }
        let e = events.removeFirst()
        if case .resize(let s) = e { size = s }
        return e
    }
    func suspend() { suspended += 1 }
    func restore() { restored += 1 }
}

/// Drives the editor in-process the way a user would, with keys taken from the key table so a
/// rebinding does not break the tests.
final class TestEditor {
    let loop: EditorLoop
    let terminal: FakeTerminal
    var state: AppState { loop.state }
    var keymap: Keymap { loop.state.keymap }

    init(
        path: String, size: Size = Size(width: 80, height: 24), theme: Theme = .fallback, savesInBackground: Bool = false,
        validates: Bool = false, jobsInBackground: Bool = false
    ) throws {
        let doc = try RuleFileDocument.load(path: path)
        terminal = FakeTerminal(size: size)
        let state = AppState(document: doc, size: size, theme: theme, themeNames: ThemeLoader(searchFolders: []).availableNames())
        loop = EditorLoop(
            state: state, terminal: terminal, journal: nil, themeLoader: ThemeLoader(searchFolders: []), savesInBackground: savesInBackground,
            validator: validates ? TestEditor.fixedClockValidator : nil,
            jobsInBackground: jobsInBackground)
        if validates { loop.scheduleValidation() }
    }

    /// An editor on a state built elsewhere (an imported server configuration).
    init(state: AppState, validates: Bool = false) {
        terminal = FakeTerminal(size: state.size)
        loop = EditorLoop(
            state: state, terminal: terminal, journal: nil, themeLoader: ThemeLoader(searchFolders: []), savesInBackground: false,
            validator: validates ? TestEditor.fixedClockValidator : nil, jobsInBackground: false)
        if validates { loop.scheduleValidation() }
    }

    /// Presses the key bound to `command` in `context` (default: the context of the current mode).
    @discardableResult
    func press(_ command: Command, in context: KeyContext? = nil, sourceLocation: SourceLocation = #_sourceLocation) -> TestEditor {
        let context = context ?? loop.state.mode.keyContext
        guard let key = keymap.key(for: command, in: context) else {
            Issue.record("no key for \(command) in \(context)", sourceLocation: sourceLocation)
            return self
        }
        loop.send(.event(.key(key)))
        return self
    }

    @discardableResult
    func press(_ keys: Key...) -> TestEditor {
        for k in keys { loop.send(.event(.key(k))) }
        return self
    }

    /// Types text key by key.
    @discardableResult
    func type(_ text: String) -> TestEditor {
        for c in text { loop.send(.event(.key(.char(c)))) }
        return self
    }

    /// Lets an incremental filter finish.
    func finishFilter() {
        while loop.state.isFilterScanning { loop.send(.filterStep) }
    }

    /// The validator with the clock fixed, so expiry findings do not change with the date.
    static let fixedClockValidator: @Sendable () -> Validator = { Validator(now: Timestamp(rfc3339: "2026-11-25T12:00:00Z")!) }

    var screen: CellBuffer { Screen.render(loop.state) }
    var screenText: String { screen.text }
    var selectedID: String? { loop.state.selectedRule?.id }
    var ids: [String] { loop.state.rules.map(\.id) }

    var form: FormState? {
        if case .form(let f) = loop.state.mode { return f }
        return nil
    }
}
