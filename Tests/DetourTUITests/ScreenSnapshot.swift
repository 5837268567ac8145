import Foundation
import Testing

@testable import DetourTUI

/// Whole-screen snapshots: the text grid, then a style grid with one letter per distinct style and
/// a legend naming the theme role each letter is. A missing or different snapshot fails; set
/// DETOUR_RECORD_SNAPSHOTS=1 to write the current screen (the test still fails once, so a
/// recording is never mistaken for a pass).
enum ScreenSnapshot {
    static let folder = TUITestSupport.repoRoot + "/Tests/DetourTUITests/Snapshots"

    static func text(of buffer: CellBuffer, theme: Theme) -> String {
        var letters: [Style: Character] = [:]
        var order: [Style] = []
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var styleLines: [String] = []
        for y in 0..<buffer.size.height {
            var line = ""
            for x in 0..<buffer.size.width {
                let style = buffer[x, y].style
                if style == theme[.base] {
                    line.append(".")
                    continue
                }
                if letters[style] == nil {
                    letters[style] = order.count < alphabet.count ? alphabet[order.count] : "?"
                    order.append(style)
                }
                line.append(letters[style]!)
            }
            styleLines.append(line)
        }
        var out = "size \(buffer.size)\n" + buffer.textLines.map { $0 + "|" }.joined(separator: "\n") + "\n--- styles ---\n"
        out += styleLines.joined(separator: "\n") + "\nlegend: . = base\n"
        for style in order {
            let roles = ThemeRole.allCases.filter { theme[$0] == style }.map(\.rawValue)
            out += "  \(letters[style]!) = \(roles.isEmpty ? "" : roles.joined(separator: ", ") + ": ")\(style)\n"
        }
        if let c = buffer.cursor { out += "cursor \(c.x),\(c.y)\n" }
        return out
    }

    static func check(_ buffer: CellBuffer, theme: Theme, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let actual = text(of: buffer, theme: theme)
        let path = folder + "/" + name + ".txt"
        let record = ProcessInfo.processInfo.environment["DETOUR_RECORD_SNAPSHOTS"] == "1"
        guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            if record { try? actual.write(toFile: path, atomically: true, encoding: .utf8) }
            Issue.record(
                "snapshot \(name).txt is missing\(record ? "; recorded it, run again" : " (DETOUR_RECORD_SNAPSHOTS=1 records it)")",
                sourceLocation: sourceLocation)
            return
        }
        guard expected != actual else { return }
        if record { try? actual.write(toFile: path, atomically: true, encoding: .utf8) }
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let firstDiff = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
        let context =
            "line \(firstDiff + 1):\n  expected: \(firstDiff < e.count ? String(e[firstDiff]) : "<end>")\n  actual:   \(firstDiff < a.count ? String(a[firstDiff]) : "<end>")"
        Issue.record("snapshot \(name).txt differs at \(context)\(record ? "\n(re-recorded)" : "")\n\(actual)", sourceLocation: sourceLocation)
    }
}
