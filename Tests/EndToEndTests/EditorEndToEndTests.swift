import Foundation
import Testing

@Suite("detour edit in a real terminal (tmux)", .serialized)
struct EditorEndToEndTests {
    @Test("open, edit a rule, save: git diff shows only that rule's line and the comments stay")
    func editAndSave() throws {
        let dir = try Shell.repositoryWithExample()
        let tmux = try TmuxSession(arguments: ["edit", "redirects.yaml"], folder: dir)
        try tmux.waitForScreen(containing: "orders-v2")
        try tmux.send("G")
        try tmux.waitForScreen(containing: "docs — rule 3 of 3")
        try nextCodeAndSave(tmux, rule: "docs", code: "301 Moved Permanently", saved: "saved 3 rules")  // 308 → 301
        #expect(try changedLines("redirects.yaml", in: dir) == ["-    code: 308", "+    code: 301"])
        let original = try String(contentsOfFile: TmuxSession.fixture, encoding: .utf8)
        let saved = try String(contentsOfFile: dir + "/redirects.yaml", encoding: .utf8)
        for comment in original.split(separator: "\n") where comment.contains("#") {
            #expect(saved.contains(comment), "comment lost: \(comment)")
        }
        try tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
        #expect(tmux.file("before") == tmux.file("after"))
        #expect(try tmux.display("#{alternate_on}") == "0")
    }

    @Test("a plain bulk CSV: edit one rule, save: git diff shows only that row")
    func editAndSaveBulkCSV() throws {
        // Loaded from a mapping of the file; every unchanged row is written back from its rule.
        let rows = (0..<5_000).map { "r\($0),/old/item-\($0),/new/item-\($0),301\n" }.joined()
        let dir = try Shell.repository(with: "id,source,target,code\n" + rows, named: "bulk.csv")
        let tmux = try TmuxSession(arguments: ["edit", "bulk.csv"], folder: dir)
        try tmux.waitForScreen(containing: "r0 — rule 1 of 5000")
        try nextCodeAndSave(tmux, rule: "r0", code: "302 Found", saved: "saved 5000 rules")  // 301 → 302
        #expect(try changedLines("bulk.csv", in: dir) == ["-r0,/old/item-0,/new/item-0,301", "+r0,/old/item-0,/new/item-0,302"])
        try tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
    }

    @Test("50 resizes, some below 80×24, then a correct 80×24 frame")
    func resizeStorm() throws {
        let dir = try Shell.repositoryWithExample()
        let tmux = try TmuxSession(arguments: ["edit", "redirects.yaml"], folder: dir)
        try tmux.waitForScreen(containing: "orders-v2")
        let sizes = [(120, 40), (60, 20), (81, 25), (200, 60), (79, 23), (100, 30)]
        for i in 0..<50 {
            let (w, h) = sizes[i % sizes.count]
            try tmux.resize(width: w, height: h)
        }
        try tmux.resize(width: 60, height: 20)
        try tmux.waitForScreen(containing: "Terminal too small: 60×20")
        try tmux.resize(width: 80, height: 24)
        let screen = try tmux.waitForScreen("the 80×24 frame") { s in
            let lines = s.split(separator: "\n", omittingEmptySubsequences: false)
            return lines.count >= 24 && lines[0].hasPrefix(" detour  redirects.yaml") && lines[23].contains("q quit")
        }
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[1].hasPrefix(" !● id"))
        #expect(lines[2].hasPrefix("  ● orders-v2    307  /api/v1/orders"))
        #expect(lines[14].hasPrefix("┌─ orders-v2 — rule 1 of 3 ─"))
        #expect(lines[14].hasSuffix("┐"))
        #expect(lines.allSatisfy { $0.count <= 80 })
        #expect(!screen.contains("too small"))
        try tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
    }

    @Test("TERM=xterm (8 colours) draws in colour; NO_COLOR=1 draws none, with attributes")
    func colours() throws {
        let dir = try Shell.repositoryWithExample()
        let xterm = try TmuxSession(arguments: ["edit", "redirects.yaml"], folder: dir, environment: ["TERM": "xterm"])
        try xterm.waitForScreen(containing: "orders-v2")
        let colours = try xterm.colourParameters()
        let escaped = try xterm.screenWithEscapes()
        #expect(colours.contains("32") && colours.contains("35"), "307 green and 308 magenta: \(colours)\n\(escaped)")
        #expect(!colours.contains { $0.hasPrefix("38;5;") || $0.hasPrefix("48;5;") }, "no 256-colour codes on an 8-colour terminal: \(colours)")
        try xterm.send("q")
        #expect(try xterm.waitForExit() == 0)

        let plain = try TmuxSession(arguments: ["edit", "redirects.yaml"], folder: dir, environment: ["NO_COLOR": "1"])
        try plain.waitForScreen(containing: "orders-v2")
        #expect(try plain.colourParameters() == [], "no colour at all")
        let mono = try plain.screenWithEscapes()
        #expect(mono.contains("\u{1b}[7m") || mono.contains(";7m"), "selection shown by reverse video")
        try plain.send("q")
        #expect(try plain.waitForExit() == 0)
    }

    @Test("a bracketed paste is one event: on the table it runs nothing, in a field it is text")
    func paste() throws {
        let dir = try Shell.repositoryWithExample()
        let tmux = try TmuxSession(arguments: ["edit", "redirects.yaml"], folder: dir)
        try tmux.waitForScreen(containing: "orders-v2")
        try tmux.tmux(["set-buffer", "ddddG"])
        try tmux.tmux(["paste-buffer", "-p"])
        try tmux.waitForScreen(containing: "paste ignored")
        #expect(try tmux.screen().contains("3 rules"), "no rule was deleted by pasted d keys")
        try tmux.send("e")
        try tmux.waitForScreen(containing: "Edit rule 'orders-v2'")
        try tmux.tmux(["set-buffer", "/pasted/中文"])
        try tmux.tmux(["paste-buffer", "-p"])
        try tmux.waitForScreen(containing: "/api/v1/orders/pasted/中文")
        try tmux.send("Escape")
        try tmux.waitForScreen(containing: "Discard changes?")
        try tmux.send("d")
        try tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
    }

    @Test("mouse: a click selects a rule, a double-click opens it in the form")
    func mouse() throws {
        let dir = try Shell.repositoryWithExample()
        let tmux = try TmuxSession(arguments: ["edit", "redirects.yaml"], folder: dir)
        try tmux.waitForScreen(containing: "orders-v2")
        // SGR mouse reports (xterm-256color's kmous is \E[<), 1-based columns and rows:
        // row 5 is the third rule, row 4 the second.
        try tmux.type("\u{1b}[<0;10;5M\u{1b}[<0;10;5m")
        try tmux.waitForScreen(containing: "docs — rule 3 of 3")
        try tmux.type("\u{1b}[<0;10;4M\u{1b}[<0;10;4m\u{1b}[<0;10;4M\u{1b}[<0;10;4m")
        try tmux.waitForScreen(containing: "Edit rule 'order-read-v2'")
        try tmux.send("Escape")
        try tmux.waitForScreen(containing: "order-read-v2 — rule 2 of 3")
        try tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
    }

    @Test("ctrl+z suspends to the shell and the editor redraws on resume")
    func suspend() throws {
        let dir = try Shell.repositoryWithExample()
        let tmux = try TmuxSession(arguments: ["edit", "redirects.yaml"], folder: dir, interactiveShell: true)
        try tmux.waitForScreen(containing: "orders-v2")
        let pid = try tmux.detourPID()
        try tmux.send("C-z")
        try tmux.waitForScreen(containing: "Stopped")
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline, try tmux.display("#{alternate_on}") != "0" { Thread.sleep(forTimeInterval: 0.05) }
        #expect(try tmux.display("#{alternate_on}") == "0", "the shell's screen is back")
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        #expect(stat.split(separator: " ").dropFirst(2).first == "T", "stopped")
        try tmux.type("fg")
        try tmux.send("Enter")
        try tmux.waitForScreen(containing: "orders-v2 — rule 1 of 3")
        #expect(try tmux.display("#{alternate_on}") == "1")
        try tmux.send("j")
        try tmux.waitForScreen(containing: "order-read-v2 — rule 2 of 3")
        try tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
        #expect(tmux.file("before") == tmux.file("after"))
    }

    @Test("a file with errors: the terminal comes back and every problem is printed as file:line:column")
    func loadErrors() throws {
        let dir = Shell.tempDir()
        try "rules:\n  - id: x\n    source: nope\n".write(toFile: dir + "/bad.yaml", atomically: true, encoding: .utf8)
        let tmux = try TmuxSession(arguments: ["edit", "bad.yaml"], folder: dir)
        #expect(try tmux.waitForExit() == 2)
        #expect(tmux.file("stderr").contains("bad.yaml:3:13: source: a source starts with '/' (a path) or '~' (a regex), found 'nope'"))
        #expect(tmux.file("stderr").contains("bad.yaml:2:5: rule 'x' has no 'target'"))
        #expect(tmux.file("before") == tmux.file("after"))
        #expect(try tmux.display("#{alternate_on}") == "0")
    }

    @Test("refuses clearly when stdin is not a terminal")
    func notATerminal() throws {
        let dir = try Shell.repositoryWithExample()
        let (output, status) = try Shell.run([TmuxSession.binary, "edit", "redirects.yaml"], in: dir, stdin: FileHandle.nullDevice)
        #expect(status == 2)
        #expect(output.contains("detour edit needs a terminal: stdin and stdout must both be a tty"))
    }

    /// Opens the selected rule's form, moves the code to the next one (`code` is its label), applies
    /// and saves with ctrl-s, waiting for `saved` in the status line.
    func nextCodeAndSave(_ tmux: TmuxSession, rule: String, code: String, saved: String) throws {
        try tmux.send("e")
        try tmux.waitForScreen(containing: "Edit rule '\(rule)'")
        try tmux.send("Tab", "Tab")  // source → target → code
        try tmux.waitForScreen(containing: "▸code")
        try tmux.send("Space")
        try tmux.waitForScreen(containing: code)
        try tmux.send("Enter")
        try tmux.waitForScreen(containing: "● modified")
        try tmux.send("C-s")
        try tmux.waitForScreen(containing: saved)
    }

    /// The lines `git diff` shows as removed or added in `file`.
    func changedLines(_ file: String, in dir: String) throws -> [String] {
        let (diff, _) = try Shell.run(["git", "diff", "-U0", "--no-color", file], in: dir)
        return diff.split(separator: "\n").map(String.init)
            .filter { ($0.hasPrefix("+") || $0.hasPrefix("-")) && !$0.hasPrefix("+++") && !$0.hasPrefix("---") }
    }
}

extension EditorEndToEndTests {
    @Test("detour site.conf: an Apache vhost opens as its imported rules; ctrl+s writes site.detour.yaml, the config is untouched")
    func openApacheConfig() throws {
        let config = """
            <VirtualHost *:80>
                ServerName example.com
                RewriteEngine On
                RewriteRule ^/shop/(.*)$ /store/$1 [R=301,L]
                RewriteCond %{QUERY_STRING} ^id=([0-9]+)$
                RewriteRule ^/item\\.php$ /items/%1? [R=301,L]
                Redirect 301 /about /company
            </VirtualHost>

            """
        let dir = try Shell.repository(with: config, named: "site.conf")
        let tmux = try TmuxSession(arguments: ["site.conf"], folder: dir)
        try tmux.waitForScreen(containing: "1 not imported (see findings)")
        try tmux.waitForScreen(containing: "site.detour.yaml")
        // The findings panel opens once the validator has run (the import's line is added to its).
        try tmux.waitForScreen(containing: "1 warning")
        try tmux.send("!")
        try tmux.waitForScreen(containing: "site.conf:6: RewriteRule")
        try tmux.send("Escape")
        try tmux.send("C-s")
        try tmux.waitForScreen(containing: "saved 3 rules")
        try tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
        #expect(try String(contentsOfFile: dir + "/site.conf", encoding: .utf8) == config)
        let saved = try String(contentsOfFile: dir + "/site.detour.yaml", encoding: .utf8)
        #expect(saved.contains("source: ~^/shop/([\\s\\S]*)$"))
        #expect(saved.contains("target: /company"))
    }
}
