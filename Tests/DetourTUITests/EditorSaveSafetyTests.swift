import Foundation
import Testing

@testable import DetourCore
@testable import DetourTUI

/// The editor saves through the same write as the commands (`AtomicFile.write`): another
/// program's change is never overwritten, a read-only file is not replaced, a link stays a link,
/// and the disk watch uses the same comparison.
struct EditorSaveSafetyTests {
    private func loaded(_ text: String) throws -> (dir: String, path: String, document: RuleFileDocument) {
        let dir = NSTemporaryDirectory() + "detour-editor-save-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/r.yaml"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return (dir, path, try RuleFileDocument.load(path: path))
    }

    /// What the editor's disk watch answers for the document.
    private func changedOnDisk(_ path: String, _ document: RuleFileDocument) -> Bool {
        if case .diskChecked(_, let changed) = DocumentJobs.checkDisk(path: path, expected: document.stamp) { return changed }
        return false
    }

    private let rules = "rules:\n  - id: a\n    source: /a\n    target: /b\n    code: 301\n"

    @Test func aChangeOnDiskAfterLoadIsAConflictAndTheOtherVersionStays() throws {
        let (_, path, document) = try loaded(rules)
        let theirs = rules + "  # theirs\n"
        try Data(theirs.utf8).write(to: URL(fileURLWithPath: path))
        #expect(changedOnDisk(path, document))
        var set = document.ruleSet
        set.rules[0].code = .found
        let result = DocumentJobs.save(set, document: document, force: false, serial: 1)
        guard case .saveConflict = result else {
            Issue.record("expected a conflict, got \(result)")
            return
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == theirs)
    }

    @Test func anUnchangedFileIsNotReportedChanged() throws {
        let (_, path, document) = try loaded(rules)
        #expect(!changedOnDisk(path, document))
    }

    @Test func aReadOnlyFileIsNotReplaced() throws {
        let (_, path, document) = try loaded(rules)
        chmod(path, 0o444)
        var set = document.ruleSet
        set.rules[0].code = .found
        let result = DocumentJobs.save(set, document: document, force: false, serial: 1)
        guard case .saveFailed(let message) = result else {
            Issue.record("expected a failed save, got \(result)")
            return
        }
        #expect(message == "\(path) is read-only; nothing was written")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == rules)
    }

    @Test func aLinkIsSavedThroughAndStaysALink() throws {
        let (dir, path, _) = try loaded(rules)
        let link = dir + "/link.yaml"
        symlink(path, link)
        let document = try RuleFileDocument.load(path: link)
        var set = document.ruleSet
        set.rules[0].code = .found
        guard case .saved = DocumentJobs.save(set, document: document, force: false, serial: 1) else {
            Issue.record("the save through the link failed")
            return
        }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == rules.replacingOccurrences(of: "code: 301", with: "code: 302"))
    }
}
