import Testing

@testable import DetourCore

/// The exact-path hash table: keys of every length around its 48-byte inline slots, keys that
/// differ only past the inline bytes, shared keys, misses, and long paths through the matcher.
@Suite struct ByteKeyTableTests {
    @Test func byteKeyTableLongKeys() {
        for probed in [false, true] {
            let t = ByteKeyTable(expectedCount: 10, probedByPrefix: probed)
            var keys: [[UInt8]] = []
            let base = Array(repeating: UInt8(0x61), count: 70_010)
            for n in [0, 1, 7, 8, 9, 15, 16, 17, 47, 48, 49, 50, 63, 64, 65, 100, 70_000] { keys.append(Array(base[0..<n])) }
            // Same length, differing only past byte 48 / in the last byte.
            var k1 = Array(base[0..<60])
            k1[55] = 0x62
            keys.append(k1)
            var k2 = Array(base[0..<60])
            k2[59] = 0x63
            keys.append(k2)
            var k3 = Array(base[0..<9])
            k3[8] = 0x62
            keys.append(k3)
            for (i, k) in keys.enumerated() { k.withUnsafeBufferPointer { t.insert($0, rule: Int32(i), marked: i % 2 == 0) } }
            // Second rule on two keys.
            keys[10].withUnsafeBufferPointer { t.insert($0, rule: 100, marked: false) }
            keys[18].withUnsafeBufferPointer { t.insert($0, rule: 101, marked: false) }
            keys[18].withUnsafeBufferPointer { t.insert($0, rule: 102, marked: false) }
            for (i, k) in keys.enumerated() {
                var out: [Int32] = []
                k.withUnsafeBufferPointer { p in
                    if probed { t.collect(hash: ByteKeyTable.hash(p), bytes: p, length: p.count, into: &out) } else { t.collect(p, into: &out) }
                }
                let expected: [Int32] = i == 10 ? [10, 100] : i == 18 ? [18, 101, 102] : [Int32(i)]
                #expect(out == expected, "key \(i) len \(k.count)")
                if !probed {
                    var seen: [Int32] = []
                    var marks: [Bool] = []
                    k.withUnsafeBufferPointer { p in
                        t.forEachRule(bytes: p) { r, m in
                            seen.append(r)
                            marks.append(m)
                            return true
                        }
                    }
                    #expect(seen == expected)
                    #expect(marks.first == (i % 2 == 0))
                }
            }
            for miss in [
                Array(base[0..<61]), Array(base[0..<2]),
                {
                    var k = Array(base[0..<60])
                    k[50] = 0x7a
                    return k
                }(),
                {
                    var k = Array(base[0..<65])
                    k[64] = 0x7a
                    return k
                }()
            ] {
                var out: [Int32] = []
                miss.withUnsafeBufferPointer { p in
                    if probed { t.collect(hash: ByteKeyTable.hash(p), bytes: p, length: p.count, into: &out) } else { t.collect(p, into: &out) }
                }
                #expect(out.isEmpty, "miss len \(miss.count)")
            }
        }
    }

    @Test func matcherAgreesOnLongPaths() {
        var g = MatchingPropertyTests.SplitMix(state: 42)
        let stem = "/" + String(repeating: "abcdefgh", count: 6)
        let tails = ["", "/a", "/b", "/ab", "x", "/%61", "/A", "/a/"]
        for _ in 0..<300 {
            var set = RuleSet()
            set.site.hosts = [.exact("example.com")]
            for i in 0..<Int(1 + g.next() % 20) {
                let text = stem + MatchingPropertyTests.pick(tails, &g) + (g.next() % 3 == 0 ? "*" : "")
                let source = try! Source.parse(text)
                let isPrefix = { if case .prefix = source.kind { return true } else { return false } }()
                var rule = Rule(
                    id: "r\(i)", source: source, target: try! Target.parse(isPrefix ? "/t/*" : "/t\(i)", captureCount: 0, sourceIsPrefix: isPrefix),
                    code: .found)
                if g.next() % 5 == 0 { rule.methods = ["POST"] }
                set.rules.append(rule)
                set.lines.append(i + 1)
            }
            for semantics in [
                PathSemantics.detour(set.site), PathSemantics(decoding: .full, foldsTrailingSlash: true),
                PathSemantics(decoding: .none, caseInsensitiveLiterals: true)
            ] {
                let a = RuleMatcher(ruleSet: set, semantics: semantics)
                let b = ReferenceMatcher(ruleSet: set, semantics: semantics, rollout: .canonical)
                for _ in 0..<30 {
                    let path = stem + MatchingPropertyTests.pick(tails, &g) + MatchingPropertyTests.pick(tails, &g)
                    let req = HTTPRequest(
                        method: g.next() % 2 == 0 ? "GET" : "POST", host: "example.com", path: path, time: Timestamp(secondsSinceEpoch: 1_790_000_000)
                    )
                    #expect(a.firstMatch(req) == b.firstMatch(req), "\(path)")
                }
            }
        }
    }
}
