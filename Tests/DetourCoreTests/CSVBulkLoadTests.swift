import Testing

@testable import DetourCore

/// Large CSV files are read in pieces on every core, with plain rows decided on their bytes. These
/// tests hold that machinery to the plain one-row-at-a-time reader: same rules, same lines, same
/// byte ranges, and errors at the same positions, whatever falls on a piece boundary.
struct CSVBulkLoadTests {
    /// The one-row-at-a-time reading of a Detour CSV: every row through the general row reader.
    func referenceRead(_ bytes: [UInt8]) throws -> (rules: [Rule], lines: [Int], ranges: [Range<Int>]) {
        try bytes.withUnsafeBufferPointer { buffer in
            var reader = CSVReader(buffer)
            let header = try #require(try reader.next())
            var map: [String: Int] = [:]
            for (k, f) in header.fields.enumerated() { map[f.value.lowercased()] = k }
            let col = CSVRuleFile.ColumnIndex(map)
            var out: ([Rule], [Int], [Range<Int>]) = ([], [], [])
            while let row = try reader.next() {
                if row.fields.count == 1 && row.fields[0].value.trimmingSpaces().isEmpty { continue }
                var problems: [String] = []
                let rowStart = row.range.lowerBound
                let position = { (offset: Int) in CSVBulkLoad.position(buffer.baseAddress!, of: offset, rowStart: rowStart, rowLine: row.line) }
                guard let rule = CSVRuleFile.readDetourRow(row, col: col, report: { problems.append($1) }, locate: position) else {
                    Issue.record("reference reader rejected line \(row.line): \(problems)")
                    continue
                }
                out.0.append(rule)
                out.1.append(row.line)
                out.2.append(row.range)
            }
            return out
        }
    }

    /// A file well above the size read in parallel, so it is split into pieces.
    func bigFile(header: String, row: (Int) -> String) -> [UInt8] {
        var text = header + "\n"
        var n = 0
        while text.utf8.count < CSVBulkLoad.parallelThreshold + 200_000 {
            text += row(n)
            n += 1
        }
        return Array(text.utf8)
    }

    func expectSameAsReference(_ bytes: [UInt8]) throws {
        let file = try CSVRuleFile.parse(bytes, file: "big.csv")
        let reference = try referenceRead(bytes)
        #expect(file.ruleSet.rules.count == reference.rules.count)
        // First differences only: the arrays have 10⁵ entries.
        func firstDifference<T: Equatable>(_ a: [T], _ b: [T]) -> Int? { zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset }
        #expect(firstDifference(file.ruleSet.rules, reference.rules) == nil, "rules differ")
        #expect(firstDifference(file.ruleSet.lines, reference.lines) == nil, "lines differ")
        #expect(firstDifference(file.rowRanges, reference.ranges) == nil, "row ranges differ")
    }

    /// The problems reported for a file that must not load.
    func loadProblems(_ bytes: [UInt8]) -> [Diagnostic] {
        do {
            _ = try CSVRuleFile.parse(bytes, file: "big.csv")
            Issue.record("the file loaded")
            return []
        } catch let e as RuleFileError {
            return e.diagnostics
        } catch {
            Issue.record("unexpected error \(error)")
            return []
        }
    }

    @Test func plainAndGeneralRowsAgreeWithTheOneRowReader() throws {
        // Plain rows (decided on bytes) mixed with every kind the general reader takes: quoted
        // fields, a comma inside a path, prefix and regex sources, placeholders, absolute targets,
        // an empty id, CRLF and bare-CR line ends, blank lines.
        let bytes = bigFile(header: "id,source,target,code") { n in
            switch n % 11 {
            case 0: return "q\(n),\"/a,b/\(n)\",/new/\(n),301\n"
            case 1: return "p\(n),/blog/\(n)/*,/posts/\(n)/*,302\n"
            case 2: return "r\(n),~^/item/(\\d+)/\(n)$,/items/$1,308\n"
            case 3: return "h\(n),/h/\(n),/h2/\(n),301\r\n"
            case 4: return ",/noid/\(n),/x/\(n),307\n"
            case 5: return "\n\nb\(n),/after-blank/\(n),/y/\(n),303\n"
            case 6: return "c\(n),/cr/\(n),/z/\(n),301\r"
            case 7: return "u\(n),/caf%C3%A9/\(n),/cafe/\(n),301\n"
            case 8: return "k\(n),/query/\(n)?id=*,/q/\(n),301\n"
            case 9: return "a\(n),/abs/\(n),https://shop.example.com/h/\(n)?x=1,301\n"
            default: return "e\(n),/exact/path/\(n),/target/path/\(n),301\n"
            }
        }
        try expectSameAsReference(bytes)
    }

    @Test func quotedLineBreaksNearPieceBoundariesStayInsideTheirField() throws {
        // Every row carries a note with line breaks and quotes, so any split point lands near one.
        let bytes = bigFile(header: "id,source,target,code,note") { n in
            "n\(n),/old/\(n),/new/\(n),301,\"line one\nline \"\"two\"\", with comma\n\(String(repeating: "x", count: n % 50))\"\n"
        }
        try expectSameAsReference(bytes)
        let file = try CSVRuleFile.parse(bytes, file: "big.csv")
        let last = try #require(file.ruleSet.rules.last)
        #expect(last.note?.hasPrefix("line one\nline \"two\", with comma\n") == true)
        // Each row spans three lines.
        #expect(file.ruleSet.lines.last == 2 + 3 * (file.ruleSet.rules.count - 1))
    }

    @Test func aRepeatedIdInALaterPieceNamesTheFirstLine() throws {
        var bytes = bigFile(header: "id,source,target,code") { n in "r\(n),/a/\(n),/b/\(n),301\n" }
        bytes += Array("r7,/again,/b,301\n".utf8)
        let lines = bytes.filter { $0 == 0x0a }.count
        let problems = loadProblems(bytes)
        #expect(problems.count == 1)
        let d = try #require(problems.first)
        #expect(d.line == lines && d.column == 1)
        #expect(d.message == "duplicate id 'r7' (first used at line 9)")
    }

    @Test func badUTF8DeepInABigFileIsPointedAt() throws {
        var bytes = bigFile(header: "id,source,target,code") { n in "r\(n),/a/\(n),/b/\(n),301\n" }
        let rowsBefore = bytes.filter { $0 == 0x0a }.count
        bytes += Array("bad,/caf".utf8) + [0xC3, 0x28] + Array(",/b,301\n".utf8)
        let d = try #require(loadProblems(bytes).first)
        #expect(d.line == rowsBefore + 1 && d.column == 9)
        #expect(d.message.contains("not valid UTF-8"))
    }

    @Test func problemsInEveryPieceAreReportedInFileOrder() throws {
        let bytes = bigFile(header: "id,source,target,code") { n in
            n % 20_000 == 5 ? "bad\(n),/a/\(n),/b/\(n),399,extra\n" : "r\(n),/a/\(n),/b/\(n),301\n"
        }
        let problems = loadProblems(bytes)
        #expect(problems.count >= 3)
        #expect(problems.map(\.line) == problems.map(\.line).sorted())
        #expect(problems.allSatisfy { $0.message.contains("row has 5 fields but the header has 4 columns") })
        #expect(problems.first?.line == 7)
    }

    @Test func invalidRowsInEveryPieceLoadAsInvalidRulesInFileOrder() throws {
        let bytes = bigFile(header: "id,source,target,code") { n in
            n % 20_000 == 5 ? "bad\(n),/a/\(n),/b/\(n),399\n" : "r\(n),/a/\(n),/b/\(n),301\n"
        }
        let file = try CSVRuleFile.parse(bytes, file: "big.csv")
        let invalid = file.ruleSet.invalidRules
        #expect(invalid.count >= 3)
        #expect(invalid.map(\.line) == invalid.map(\.line).sorted())
        #expect(invalid.allSatisfy { $0.rule.problems.first?.message.contains("found '399'") == true })
        #expect(invalid.first?.line == 7 && invalid.first?.rule.problems.first?.line == 7)
        try expectSameAsReference(bytes)
    }

    @Test func plainFilesWithAndWithoutAFinalLineBreakReadEveryRow() throws {
        // Pieces of plain rows are sized exactly from their line breaks: the last row must still fit
        // when the file does not end with one, and CRLF files must read the same rows.
        let lf = bigFile(header: "id,source,target,code") { n in "r\(n),/old/catalogue/item-\(n),/new/catalogue/item-\(n),301\n" }
        try expectSameAsReference(lf)
        try expectSameAsReference(Array(lf.dropLast()))
        let crlf = bigFile(header: "id,source,target,code") { n in "r\(n),/old/catalogue/item-\(n),/new/catalogue/item-\(n),301\r\n" }
        try expectSameAsReference(crlf)
        try expectSameAsReference(Array(crlf.dropLast(2)))
    }

    @Test func textsOfABulkLoadBehaveAsOrdinaryStringsAfterTheFileIsGone() throws {
        // The texts of plain rows are slices of a buffer shared by a piece's rules: they must
        // compare, hash, convert to C strings and change like any string, and outlive the
        // document they came from.
        func load() throws -> [Rule] {
            let bytes = bigFile(header: "id,source,target,code") { n in
                "\(n % 2 == 0 ? "r" : "catalogue-move-")\(n),/old/catalogue/item-\(n),/new/catalogue/item-\(n),301\n"
            }
            return try CSVRuleFile.parse(bytes, file: "big.csv").ruleSet.rules
        }
        let rules = try load()
        let rule = rules[12_345]
        #expect(rule.id == "catalogue-move-12345" && rules[12_344].id == "r12344")
        #expect(rule.id.withCString { String(cString: $0) } == "catalogue-move-12345")
        let source = "/old/catalogue/item-12345"
        let target = "/new/catalogue/item-12345"
        #expect(rule.source.text == source && rule.target.text == target)
        #expect(rule.source.kind == .exact(source))
        #expect(Set(rules.prefix(20_000).map(\.source.text)).contains(source))
        #expect([rule.target.text: 1][target] == 1)
        #expect(rule.source.text.withCString { String(cString: $0) } == source)
        #expect(rule.target.text.utf8CString.count == target.utf8.count + 1)
        var edited = rule.source.text
        edited += "-v2"
        edited.replaceSubrange(edited.startIndex..<edited.index(after: edited.startIndex), with: "#")
        #expect(edited == "#old/catalogue/item-12345-v2" && rule.source.text == source)
        #expect(rules[12_346].source.text == "/old/catalogue/item-12346")
        #expect(rules.last?.target.text.hasPrefix("/new/catalogue/item-") == true)
    }

    @Test func slicedTextsEqualAndHashLikeTheSameTextsAsStrings() throws {
        let bytes = bigFile(header: "id,source,target,code") { n in "r\(n),/old/catalogue/item-\(n),/new/catalogue/item-\(n),301\n" }
        let rules = try CSVRuleFile.parse(bytes, file: "big.csv").ruleSet.rules
        let source = "/old/catalogue/item-777"
        let target = "/new/catalogue/item-777"
        let rebuilt = Rule(
            id: "r777", source: try Source.parse(source), target: try Target.parse(target, captureCount: 0, sourceIsPrefix: false),
            code: .movedPermanently)
        #expect(rules[777] == rebuilt && rules[777].hashValue == rebuilt.hashValue)
        #expect(rules[777].source.storedText == RuleText(source) && rules[777].source.storedText.hashValue == RuleText(source).hashValue)
        #expect(rules[777].source.exactPath == RuleText(source) && rules[777].source.isExact && !rules[777].source.isPrefix)
        #expect(rules[777] != rules[778] && rules[777].target != rules[778].target)
        #expect(Set(rules.prefix(1000)).count == 1000 && Set(rules.prefix(1000)).contains(rebuilt))
    }

    @Test func theSharedTextsGoAwayWithTheLastRuleHoldingThem() throws {
        // What makes a reload give its memory back: nothing but the rules keeps a load's texts.
        let bytes = bigFile(header: "id,source,target,code") { n in "r\(n),/old/catalogue/item-\(n),/new/catalogue/item-\(n),301\n" }
        weak var buffer: TextBuffer?
        var kept: Rule?
        do {
            let rules = try CSVRuleFile.parse(bytes, file: "big.csv").ruleSet.rules
            buffer = rules[10].source.storedText.sharedBuffer
            kept = rules[10]
        }
        #expect(buffer != nil, "one kept rule keeps its texts")
        #expect(kept?.target.text == "/new/catalogue/item-10")
        kept = nil
        #expect(buffer == nil)
    }

    @Test func badUTF8OutranksAnEarlierProblemInTheSamePiece() throws {
        // Rows decided on bytes are ASCII and skip the UTF-8 check; a bad byte anywhere else still
        // voids the load and is the one problem reported, even after a syntax error.
        var bytes = Array("id,source,target,code\nq,\"/unclosed,/b,301\n".utf8)
        bytes += bigFile(header: "x") { n in "r\(n),/a/\(n),/b/\(n),301\n" }.dropFirst(2)
        let line = bytes.filter { $0 == 0x0a }.count + 1
        bytes += Array("z,/b".utf8) + [0xFF] + Array(",/c,301\n".utf8)
        let problems = loadProblems(bytes)
        #expect(problems.count == 1)
        let d = try #require(problems.first)
        #expect(d.message.contains("not valid UTF-8"))
        #expect(d.line == line && d.column == 5)
    }

    @Test func rowsEndedByABareCarriageReturnEachBecomeARule() throws {
        let f = try CSVRuleFile.parse(Array("id,source,target,code\ra,/a,/b,301\rb,/c,/d,302".utf8), file: "cr.csv")
        #expect(f.ruleSet.rules.map(\.id) == ["a", "b"])
        #expect(f.ruleSet.rules.map(\.code) == [.movedPermanently, .found])
    }

    @Test func byteScanAgreesWithPlainLoops() {
        var rng = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [0x2c, 0x0a, 0x0d, 0x22, 0x2f, 0x61, 0x20, 0x7f, 0x3f, 0x2a, 0x23, 0xc3, 0xa9, 0x21, 0x7e]
        for _ in 0..<2_000 {
            let bytes = (0..<Int.random(in: 0...40, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            bytes.withUnsafeBufferPointer { b in
                guard let p = b.baseAddress else { return }
                let n = b.count
                let delimiter = bytes.firstIndex { [0x2c, 0x0a, 0x0d, 0x22].contains($0) } ?? n
                #expect(ByteScan.nextCSVDelimiter(p, from: 0, to: n) == delimiter)
                let counts = ByteScan.countBreaksAndQuotes(p, from: 0, to: n)
                #expect(counts.lineFeeds == bytes.filter { $0 == 0x0a }.count)
                #expect(counts.returns == bytes.filter { $0 == 0x0d }.count)
                #expect(counts.quotes == bytes.filter { $0 == 0x22 }.count)
                let printable = bytes.allSatisfy { $0 > 0x20 && $0 < 0x7f && $0 != 0x3f && $0 != 0x2a && $0 != 0x23 }
                #expect(ByteScan.allPrintable(p, from: 0, to: n, excluding: 0x3f, 0x2a, 0x23, 0x23) == printable)
                #expect((ByteScan.firstInvalidUTF8(bytes) == nil) == (String(validating: bytes, as: UTF8.self) != nil))
            }
        }
    }

    @Test func lineFeedCountsHoldOverLongRunsOfLineFeeds() {
        // Line feeds are summed in byte lanes that are flushed every 255 words; a lane that saw a
        // line feed in every one of those words must not overflow into the next.
        for length in [2_039, 2_040, 2_048, 4_097, 20_000] {
            for pattern in [[UInt8(0x0a)], [0x61, 0x0a], Array("abc,/x,/y,301\n".utf8)] {
                let bytes = (0..<length).map { pattern[$0 % pattern.count] }
                let counts = bytes.withUnsafeBufferPointer { ByteScan.countBreaksAndQuotes($0.baseAddress!, from: 0, to: length) }
                #expect(counts.lineFeeds == bytes.filter { $0 == 0x0a }.count, "length \(length), pattern \(pattern)")
            }
        }
    }
}
