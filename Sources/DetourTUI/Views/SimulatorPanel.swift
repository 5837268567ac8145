import DetourCore

/// Where the simulator panel puts its request rows and its result inside the area it covers.
struct SimulatorPanelLayout {
    let area: Rect
    static let labelWidth = 12

    var inner: Rect { area.inset(1) }
    /// The rows of the request (every field but the trace).
    static let requestFields = SimulatorState.Field.allCases.filter { $0 != .trace }
    func y(of field: SimulatorState.Field) -> Int? {
        guard let i = SimulatorPanelLayout.requestFields.firstIndex(of: field) else { return nil }
        return inner.y + i
    }
    var separatorY: Int { inner.y + SimulatorPanelLayout.requestFields.count }
    var result: Rect { Rect(x: inner.x, y: separatorY + 1, width: inner.width, height: max(0, inner.maxY - separatorY - 1)) }
    var inputX: Int { inner.x + 1 + SimulatorPanelLayout.labelWidth }
    var inputWidth: Int { max(10, inner.maxX - inputX - 1) }
}

/// The `r` panel: the request rows (choices shown as `‹ value ›`), then the hop-by-hop trace as
/// `detour simulate` prints it (loops and off-site hops marked), or the replay report, or the
/// progress of the running job.
struct SimulatorPanel {
    let state: AppState
    let sim: SimulatorState

    func render(in area: Rect, into buffer: inout CellBuffer) {
        let theme = state.theme
        Box.draw(
            area, title: "Simulator — enter runs, tab moves, esc closes", border: theme[.dialogBorder], titleStyle: theme[.dialogTitle],
            fill: theme[.base], into: &buffer)
        let layout = SimulatorPanelLayout(area: area)
        guard layout.inner.height > SimulatorPanelLayout.requestFields.count + 2 else { return }
        for field in SimulatorPanelLayout.requestFields {
            guard let y = layout.y(of: field) else { continue }
            let focused = sim.focus == field
            buffer.write(
                Truncation.pad(field.label, width: SimulatorPanelLayout.labelWidth), x: layout.inner.x + 1, y: y,
                style: focused ? theme[.inputLabel].patched(theme[.tableRowSelected]) : theme[.inputLabel])
            let style = focused ? theme[.inputFieldFocused] : theme[.inputField]
            if let text = sim.text(field) {
                buffer.fill(Rect(x: layout.inputX, y: y, width: layout.inputWidth, height: 1), style: style)
                let (visible, cursor) = text.visible(width: layout.inputWidth)
                let shown = visible.isEmpty && !focused ? placeholder(field) : visible
                buffer.write(
                    shown, x: layout.inputX, y: y, maxWidth: layout.inputWidth,
                    style: visible.isEmpty ? style.patched(theme[.hintDescription]) : style)
                if focused { buffer.cursor = (layout.inputX + cursor, y) }
            } else {
                buffer.write("‹ \(choice(field)) ›", x: layout.inputX, y: y, maxWidth: layout.inputWidth, style: style)
            }
        }
        buffer.write(String(repeating: "─", count: layout.inner.width), x: layout.inner.x, y: layout.separatorY, style: theme[.dialogBorder])
        let result = layout.result
        guard result.height > 0 else { return }
        if let job = sim.running {
            renderProgress(job, in: result, into: &buffer)
            return
        }
        switch sim.result {
        case nil:
            buffer.write(
                "Fill in the request and press enter; a log path on the replay row and ctrl+l replays it.", x: result.x + 1, y: result.y,
                maxWidth: result.width - 2, style: theme[.hintDescription])
        case .trace(let trace, let server, let client)?:
            renderTrace(trace, server: server, client: client, in: result, into: &buffer)
        case .replay(let report, let file)?:
            let lines = report.text(file: file).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let start = max(0, min(sim.selectedHop, lines.count - result.height))
            for (k, line) in lines.dropFirst(start).prefix(result.height).enumerated() {
                buffer.write(line, x: result.x + 1, y: result.y + k, maxWidth: result.width - 2, style: theme[.base])
            }
        }
    }

    func placeholder(_ field: SimulatorState.Field) -> String {
        switch field {
        case .headers: return "Name: value | Name2: value"
        case .cookies: return "name=value; other=value"
        case .time: return "now (or 2026-12-31T00:00:00Z)"
        case .log: return "path of an access log to replay"
        default: return ""
        }
    }

    func choice(_ field: SimulatorState.Field) -> String {
        switch field {
        case .method: return sim.methodName
        case .client: return sim.clientName
        case .server: return sim.serverName ?? "site default (\(ServerView.defaultView(for: state.site).name))"
        default: return ""
        }
    }

    func renderProgress(_ job: RunningJob, in area: Rect, into buffer: inout CellBuffer) {
        let theme = state.theme
        var text = job.kind == .replay ? "replaying" : "simulating"
        if let (done, total) = job.progress, total > 0 {
            let percent = min(100, done * 100 / total)
            let barWidth = 30
            let filled = barWidth * percent / 100
            text +=
                " [" + String(repeating: "█", count: filled) + String(repeating: "·", count: barWidth - filled)
                + "] \(percent)%  \(done >> 20) of \(total >> 20) MB"
        } else {
            text += "…"
        }
        text += "   esc cancels"
        buffer.write(text, x: area.x + 1, y: area.y, maxWidth: area.width - 2, style: theme[.statusInfo])
    }

    /// Two lines per hop: the request and the rule that answered, then what the client does next.
    static func hopLines(_ trace: SimulationTrace) -> [(first: String, second: String?)] {
        trace.hops.enumerated().map { i, hop in
            let r = hop.response
            var first = "\(i + 1) \(hop.request.method) \(hop.request.url)\(hop.hasBody ? " [body]" : "")"
            guard let status = r.status else {
                let missed = i == trace.hops.count - 1 ? trace.notApplied : []
                let why = missed.map { "\($0.ruleID)\($0.line > 0 ? " (line \($0.line))" : ""): \($0.reason.text)" }
                return (first + "  → served by origin", why.isEmpty ? nil : "  not applied: " + why.joined(separator: "; "))
            }
            first += "  → \(status.rawValue) \(r.ruleID ?? "?")"
            if let line = r.line, line > 0 { first += " (line \(line))" }
            // What the client does next comes first: it is what a narrow terminal must still show.
            var second = "  "
            if let next = hop.next {
                second += "→ \(next.method) \(next.url)"
                if next.method != hop.request.method { second += " (\(hop.request.method) became \(next.method))" }
                if next.bodyDropped { second += ", body dropped" }
                if next.bodyKept { second += ", body kept" }
                if !next.droppedHeaders.isEmpty { second += "; drops " + next.droppedHeaders.joined(separator: ", ") }
                second += "  · "
            }
            second += "Location \(r.locationHeader ?? "") · Cache-Control \(r.cacheControl ?? "(none)")"
            return (first, second)
        }
    }

    func renderTrace(_ trace: SimulationTrace, server: String, client: String, in area: Rect, into buffer: inout CellBuffer) {
        let theme = state.theme
        let lines = SimulatorPanel.hopLines(trace)
        // The last line tells the outcome; the hops scroll above it to keep the selected hop shown.
        let hopRows = max(1, (area.height - 1) / 2)
        let first = max(0, min(sim.selectedHop - hopRows + 1, lines.count - hopRows))
        let selectedStyle = theme[.base].patched(theme[.tableRowSelected])
        for k in 0..<hopRows {
            let i = first + k
            guard i < lines.count else { break }
            let hop = trace.hops[i]
            let isLast = i == trace.hops.count - 1
            var style = theme[.base]
            var mark = " "
            if isLast && trace.outcome == .loop {
                style = style.patched(theme[.severityError])
                mark = "↻"
            }
            if isLast && trace.outcome == .limit {
                style = style.patched(theme[.severityError])
                mark = "!"
            }
            if isLast && trace.outcome == .external, hop.next != nil {
                style = style.patched(theme[.severityWarning])
                mark = "↗"
            }
            let selected = sim.focus == .trace && i == sim.selectedHop
            if selected { style = style.patched(selectedStyle) }
            let y = area.y + 2 * k
            buffer.fill(Rect(x: area.x, y: y, width: area.width, height: lines[i].second == nil ? 1 : 2), style: style)
            buffer.write(mark + (selected ? "›" : " ") + lines[i].first, x: area.x, y: y, maxWidth: area.width - 1, style: style)
            if let second = lines[i].second, y + 1 < area.maxY - 1 {
                buffer.write(second, x: area.x + 2, y: y + 1, maxWidth: area.width - 3, style: style.patched(theme[.hintDescription]))
            }
        }
        let outcome: String
        var role = ThemeRole.statusInfo
        switch trace.outcome {
        case .origin: outcome = "outcome origin — served by origin after \(trace.redirectCount) redirect\(trace.redirectCount == 1 ? "" : "s")"
        case .external:
            outcome = "outcome external ↗ — leaves the site's hosts (reported, not followed)"
            role = .severityWarning
        case .loop:
            outcome = "outcome LOOP ↻ — \(trace.finalMethod) \(trace.finalURL) was already requested"
            role = .severityError
        case .limit where trace.stoppedGrowing:
            outcome = "outcome LIMIT — too many redirects: the URL grows on every hop (stopped at \(SimulationTrace.longestFollowedURL / 1024) KB)"
            role = .severityError
        case .limit:
            outcome = "outcome LIMIT — too many redirects: \(client) follows at most \(Clients.named(client)?.maxRedirects ?? 0)"
            role = .severityError
        }
        buffer.write(outcome + "   (as \(server), client \(client))", x: area.x + 1, y: area.maxY - 1, maxWidth: area.width - 2, style: theme[role])
    }
}
