import PropertyBased
import Testing
import Yams

@testable import DetourCore

/// Property tests of the comment-preserving save: generated rule files with comments, blank lines
/// and mixed styles survive load → save byte for byte, and an edit touches only its rule's lines.
struct RoundTripTests {
    /// A small deterministic generator (SplitMix64) so each property case is one reproducible seed.
    struct Rand {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func chance(_ percent: Int) -> Bool { int(100) < percent }
        mutating func pick<T>(_ xs: [T]) -> T { xs[int(xs.count)] }
    }

    static let words = ["alpha", "beta", "shop", "blog", "docs", "api", "v1", "v2", "old", "new", "käse", "日本"]

    /// A rule file text with comments in every place a person puts them.
    static func document(seed: UInt64) -> String {
        var r = Rand(state: seed)
        var out = r.chance(50) ? "# generated rule file \(seed)\n" : ""
        if r.chance(70) {
            out += "site:\n  hosts: [example.com, www.example.com]" + (r.chance(50) ? "   # ours\n" : "\n")
            if r.chance(40) { out += "  # trusted\n  allow: [\"*.cdn.example.net\"]\n" }
        }
        if r.chance(30) { out += "\n# the rules, in precedence order\n" }
        out += "rules:" + (r.chance(20) ? "  # first match wins\n" : "\n")
        let count = 1 + r.int(10)
        for n in 0..<count {
            for _ in 0..<r.int(3) where n > 0 { out += "\n" }
            if r.chance(40) { out += "  # rule \(n): \(pick(&r))\n" }
            let src = "/\(pick(&r))/\(n)"
            if r.chance(15) {
                out += "  - {id: r\(n), source: \(src), target: /t/\(n), code: \(r.pick([301, 302, 307, 308]))}\n"
                continue
            }
            var fields: [String] = ["id: r\(n)"]
            if r.chance(50) {
                fields.append("source: \(src)/*")
                fields.append("target: /moved/\(pick(&r))/*")
            } else {
                fields.append("source: \(src)")
                fields.append("target: " + (r.chance(30) ? "https://www.example.com/\(pick(&r))" : "/\(pick(&r))/x\(n)"))
            }
            fields.append("code: \(r.pick([301, 302, 303, 307, 308]))")
            if r.chance(30) { fields.append("methods: [GET, HEAD]") }
            if r.chance(20) { fields.append("cache: no-store") }
            if r.chance(20) { fields.append("rollout: {percent: \(r.int(100)), by: \"cookie:uid\"}") }
            if r.chance(20) { fields.append("expires: 2030-0\(1 + r.int(9))-01T00:00:00Z") }
            if r.chance(20) { fields.append("note: \"\(pick(&r)) \(pick(&r))\"") }
            if r.chance(15) { fields.append("when:\n      header: {X-Country: DE}  # geo") }
            if r.chance(15) { fields.append("examples:\n      - request: GET \(src)\n        expect: origin") }
            for (k, f) in fields.enumerated() {
                if k > 0, r.chance(10) { out += "    # about \(f.prefix(4))\n" }
                out += (k == 0 ? "  - " : "    ") + f + (r.chance(15) ? "  # why \(k)" : "") + "\n"
            }
        }
        if r.chance(30) { out += "\n# end of file\n" }
        return out
    }

    static func pick(_ r: inout Rand) -> String { r.pick(words) }

    /// The rule file after one random change, with the index of the rule that changed.
    static func edit(_ set: RuleSet, seed: UInt64) -> (RuleSet, Int) {
        var r = Rand(state: seed ^ 0xABCDEF)
        var s = set
        let k = r.int(s.rules.count)
        switch r.int(6) {
        case 0: s.rules[k].code = s.rules[k].code == .found ? .temporaryRedirect : .found
        case 1: s.rules[k].cache = s.rules[k].cache == .noStore ? .maxAge(60) : .noStore
        case 2: s.rules[k].note = s.rules[k].note == nil ? "edited: \(seed % 1000)" : nil
        case 3: s.rules[k].methods = s.rules[k].methods == nil ? ["POST"] : nil
        case 4: s.rules[k].enabled.toggle()
        default: s.rules[k].expires = s.rules[k].expires == nil ? Timestamp(rfc3339: "2031-01-01T00:00:00Z") : nil
        }
        return (s, k)
    }

    /// Lines of `a` and `b` agree outside `a`'s lines `from..<to` (1-based, `to` exclusive).
    static func sameOutside(_ a: [UInt8], _ b: [UInt8], lines range: Range<Int>) -> Bool {
        let la = String(decoding: a, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let lb = String(decoding: b, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let before = range.lowerBound - 1
        let after = la.count - (range.upperBound - 1)
        guard lb.count >= before + after else { return false }
        return Array(la.prefix(before)) == Array(lb.prefix(before)) && Array(la.suffix(after)) == Array(lb.suffix(after))
    }

    /// The lines (1-based, end exclusive) of rule `k`'s chunk: its leading comments through its last line.
    static func chunkLines(_ f: YAMLRuleFile, _ k: Int) -> Range<Int> {
        let start = k == 0 ? f.index.line(of: f.ruleNodes[0].start) : f.index.line(of: f.ruleNodes[k - 1].end - 1) + 1
        let end = f.index.line(of: f.ruleNodes[k].end - 1) + 1
        return start..<end
    }

    @Test func unchangedSaveIsByteIdentical() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max)) { seed in
            let text = Self.document(seed: UInt64(seed))
            let f = try! TestSupport.yaml(text)
            #expect(f.render(f.ruleSet) == Array(text.utf8), "seed \(seed)")
        }
    }

    @Test func oneEditChangesOnlyThatRulesLines() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max)) { seed in
            let text = Self.document(seed: UInt64(seed))
            let f = try! TestSupport.yaml(text)
            let (edited, k) = Self.edit(f.ruleSet, seed: UInt64(seed))
            let out = f.render(edited)
            let reread = try? TestSupport.yaml(String(decoding: out, as: UTF8.self))
            #expect(reread?.ruleSet.rules == edited.rules, "seed \(seed): the saved file does not read back as the edit")
            #expect(Self.sameOutside(f.bytes, out, lines: Self.chunkLines(f, k)), "seed \(seed): lines outside rule \(k) changed")
            // Every comment of the file survives.
            for c in f.comments {
                let comment = String(decoding: f.bytes[c], as: UTF8.self)
                #expect(String(decoding: out, as: UTF8.self).contains(comment), "seed \(seed): lost \(comment)")
            }
        }
    }

    @Test func deletingAndMovingTouchOnlyTheirRules() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...Int.max)) { seed in
            let f = try! TestSupport.yaml(Self.document(seed: UInt64(seed)))
            guard f.ruleSet.rules.count >= 3 else { return }
            let k = 1 + seed % (f.ruleSet.rules.count - 2)
            var deleted = f.ruleSet
            deleted.rules.remove(at: k)
            let out = f.render(deleted)
            #expect(Self.sameOutside(f.bytes, out, lines: Self.chunkLines(f, k)), "seed \(seed): delete touched other lines")
            #expect(try! TestSupport.yaml(String(decoding: out, as: UTF8.self)).ruleSet.rules == deleted.rules)

            var moved = f.ruleSet
            moved.rules.swapAt(k, k + 1)
            let out2 = f.render(moved)
            let both = Self.chunkLines(f, k).lowerBound..<Self.chunkLines(f, k + 1).upperBound
            #expect(Self.sameOutside(f.bytes, out2, lines: both), "seed \(seed): move touched other lines")
            #expect(try! TestSupport.yaml(String(decoding: out2, as: UTF8.self)).ruleSet.rules == moved.rules)
        }
    }

    @Test func addingARuleAppendsOnlyItsLines() async throws {
        let f = try TestSupport.yaml(Self.document(seed: 42))
        var s = f.ruleSet
        var r = Rule(
            id: "added", source: try Source.parse("/added"), target: try Target.parse("/x", captureCount: 0, sourceIsPrefix: false), code: .seeOther)
        r.note = "a: b # not a comment"
        s.rules.append(r)
        let out = f.render(s)
        #expect(
            Array(out.prefix(f.index.lineEnd(of: f.ruleNodes.last!.end - 1))) == Array(f.bytes.prefix(f.index.lineEnd(of: f.ruleNodes.last!.end - 1)))
        )
        #expect(try TestSupport.yaml(String(decoding: out, as: UTF8.self)).ruleSet.rules.last == r)
    }

    @Test func fiftyRuleFileEditShowsOnlyThatRuleInTheDiff() throws {
        var text = "# fifty rules\nsite:\n  hosts: [example.com]\nrules:\n"
        for n in 0..<50 { text += "\n  # rule \(n)\n  - id: r\(n)\n    source: /old/\(n)\n    target: /new/\(n)  # moved\n    code: 301\n" }
        let f = try TestSupport.yaml(text)
        var s = f.ruleSet
        s.rules[25].code = .permanentRedirect
        s.rules[25].cache = .maxAge(600)
        let out = String(decoding: f.render(s), as: UTF8.self)
        let a = text.split(separator: "\n", omittingEmptySubsequences: false)
        let b = out.split(separator: "\n", omittingEmptySubsequences: false)
        let changed = zip(a, b).enumerated().filter { $0.element.0 != $0.element.1 }.map { $0.offset + 1 }
        // Line 160 (4 header lines + 6 per rule) is `code: 301` of rule 25; the cache line goes right after it.
        #expect(changed.first == 160)
        #expect(b.count == a.count + 1)
        #expect(b[159] == "    code: 308" && b[160] == "    cache: max-age=600")
        #expect(Array(a[160...]) == Array(b[161...]))
    }

    /// The YAML reader agrees with Yams on what generated documents mean.
    @Test func parserAgreesWithYams() async {
        await propertyCheck(count: 100, input: Gen.int(in: 0...Int.max)) { seed in
            let text = Self.document(seed: UInt64(seed))
            var p = YAMLParser(Array(text.utf8))
            let mine = try! p.parse().map(Self.plain)
            let theirs = try! Yams.compose(yaml: text).map(Self.plain)
            #expect(mine == theirs, "seed \(seed)")
        }
    }

    indirect enum Plain: Equatable {
        case s(String)
        case m([String: Plain])
        case l([Plain])
    }

    static func plain(_ n: YAMLNode) -> Plain {
        switch n.value {
        case .scalar(let s, _): return .s(s)
        case .sequence(let xs): return .l(xs.map(plain))
        case .mapping(let es): return .m(Dictionary(es.map { ($0.name, plain($0.value)) }, uniquingKeysWith: { a, _ in a }))
        }
    }

    static func plain(_ n: Yams.Node) -> Plain {
        switch n {
        case .scalar(let s): return .s(s.string)
        case .sequence(let xs): return .l(xs.map(plain))
        case .mapping(let m): return .m(Dictionary(m.map { ($0.key.string ?? "", plain($0.value)) }, uniquingKeysWith: { a, _ in a }))
        default: return .s("?")
        }
    }
}
