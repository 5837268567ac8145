import Foundation
import Testing

@testable import DetourCore

/// A CSV loaded by path is parsed from a mapping of the file and keeps only its header and the
/// rows that are not plain; plain rows are rebuilt from their rules when saved. These tests hold
/// such a document to one parsed from the whole file in memory: same rules, and the same bytes
/// written for any edit, whatever the line endings, column order and row shapes.
struct CSVMappedLoadTests {
    /// Both ways of loading `text` from a file.
    func loadBothWays(_ text: [UInt8], name: String = "rules.csv") throws -> (mapped: RuleFileDocument, whole: RuleFileDocument, path: String) {
        let path = TestSupport.tempDir() + "/" + name
        try AtomicFile.write(text, to: path)
        return (try RuleFileDocument.load(path: path), try RuleFileDocument(path: path, bytes: text), path)
    }

    /// Edits of every kind a session makes: one rule changed, one moved, one deleted, one added.
    func edits(of set: RuleSet) -> [RuleSet] {
        var results = [set]
        var changed = set
        changed.rules[1].code = .temporaryRedirect
        results.append(changed)
        var moved = set
        moved.rules.append(moved.rules.remove(at: 0))
        results.append(moved)
        var deleted = set
        deleted.rules.remove(at: 2)
        results.append(deleted)
        var added = set
        added.rules.insert(
            Rule(
                id: "added", source: try! Source.parse("/added"), target: try! Target.parse("/x", captureCount: 0, sourceIsPrefix: false),
                code: .found), at: 1)
        results.append(added)
        return results
    }

    func expectSameSaves(_ text: String, file: Comment? = nil) throws {
        let (mapped, whole, _) = try loadBothWays(Array(text.utf8))
        #expect(mapped.ruleSet.rules == whole.ruleSet.rules, file)
        #expect(mapped.ruleSet.lines == whole.ruleSet.lines, file)
        for (k, set) in edits(of: whole.ruleSet).enumerated() {
            #expect(String(decoding: mapped.render(set), as: UTF8.self) == String(decoding: whole.render(set), as: UTF8.self), "edit \(k)")
        }
    }

    @Test func unchangedPlainRowsAreWrittenBackExactly() throws {
        let text = "id,source,target,code\nr1,/a,/b,301\nr2,/c,/d,302\nr3,/e,/f,308\nr4,/g,/h,301\n"
        let (mapped, _, path) = try loadBothWays(Array(text.utf8))
        #expect(mapped.render(mapped.ruleSet) == Array(text.utf8))
        var doc = mapped
        var set = doc.ruleSet
        set.rules[2].code = .found
        try doc.save(set)
        #expect(try String(decoding: AtomicFile.read(path), as: UTF8.self) == text.replacingOccurrences(of: "r3,/e,/f,308", with: "r3,/e,/f,302"))
    }

    @Test func everyRowShapeAndLineEndingSavesAsFromTheWholeFile() throws {
        // Plain rows with LF, CRLF and bare CR; quoted fields; a prefix source; a placeholder
        // target; an empty id; blank lines; a last row without a line break.
        try expectSameSaves(
            "id,source,target,code\nr1,/a,/b,301\nr2,/c,/d,302\r\n\"r3\",\"/e\",/f,301\nr4,/blog/*,/posts/*,302\n\nr5,/g,/h,301\rr6,~^/p/(\\d+)$,/q/$1,301\n,/noid,/x,307\nr7,/last,/end,308"
        )
        // A CRLF file: its plain rows are rebuilt with CRLF.
        try expectSameSaves("id,source,target,code\r\nr1,/a,/b,301\r\nr2,/c,/d,302\r\nr3,/e,/f,301\r\nr4,/g,/h,301\r\n")
        // Columns in another order, and without ids.
        try expectSameSaves("code,target,id,source\n301,/b,r1,/a\n302,/d,r2,/c\n301,/f,r3,/e\n308,/h,r4,/g\n")
        try expectSameSaves("source,target,code\n/a,/b,301\n/c,/d,302\n/e,/f,301\n/g,/h,301\n")
        // Columns beyond the plain ones: every row is kept as it was.
        try expectSameSaves("id,source,target,code,note\nr1,/a,/b,301,one\nr2,/c,/d,302,\nr3,/e,/f,301,three\nr4,/g,/h,301,\n")
    }

    @Test func aBulkFileKeepsOnlyItsOtherRowsAndSavesByteForByte() throws {
        var text = "id,source,target,code\n"
        var n = 0
        while text.utf8.count < CSVBulkLoad.parallelThreshold + 100_000 {
            text += n % 1000 == 7 ? "q\(n),\"/quoted/\(n)\",/new/\(n),301\n" : "r\(n),/old/catalogue/item-\(n),/new/catalogue/item-\(n),301\n"
            n += 1
        }
        let bytes = Array(text.utf8)
        let (mapped, whole, _) = try loadBothWays(bytes)
        #expect(mapped.ruleSet.rules.count == n)
        // The first difference only: a failing comparison of two 4 MB arrays prints for minutes.
        func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> Int? {
            zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? (a.count == b.count ? nil : min(a.count, b.count))
        }
        #expect(firstDifference(mapped.render(mapped.ruleSet), bytes) == nil)
        var set = mapped.ruleSet
        set.rules[n / 2].code = .found
        set.rules.swapAt(3, n - 3)
        #expect(firstDifference(mapped.render(set), whole.render(set)) == nil)
    }

    @Test func anEmptyOrUnreadableFileIsReportedByName() throws {
        let dir = TestSupport.tempDir()
        let empty = dir + "/empty.csv"
        try AtomicFile.write([], to: empty)
        #expect(throws: RuleFileError.self) { try RuleFileDocument.load(path: empty) }
        do {
            _ = try RuleFileDocument.load(path: dir + "/missing.csv")
            Issue.record("a missing file loaded")
        } catch {
            #expect("\(error)".contains("missing.csv"))
        }
    }
}
