import Foundation
import Testing

@testable import DetourCore
@testable import detour

/// DESIGN §7.3 / issue 5.3: random rule text — quotes, `$`, `%`, `#`, braces, backslashes, `;`,
/// spaces, non-ASCII, newlines — thrown at every exporter. Each export either passes the server's
/// own syntax check and answers every probe as simulated (verify), or refuses with an error that
/// names the rule and the character. Fixed seed; DETOUR_FUZZ_ITERATIONS=N runs N batches.
@Suite("Injection fuzzing of every exporter", .serialized)
struct ExportFuzzTests {
    /// SplitMix64: a small deterministic generator so every CI run sees the same rules.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let alphabet: [String] = [
        "a", "b", "Z", "0", "7", "\"", "'", "$", "$1", "%", "%41", "%zz", "%0a", "#", "{", "}", "{$HOME}", "\\", ";", " ",
        "é", "日", "\n", "\r\n", "`", "(", ")", "!", ",", "=", "&", "+", "@", ":", "~", ".", "-", "_", "|", "^", "<", ">", "[", "]", "\"}",
        "%{HTTP_COOKIE}", "${x}", "/"
    ]
    static let tame: [String] = ["a", "b", "Z", "0", "7", "$", "'", "\"", "%41", "{", "}", "\\", ";", "é", "-", "_", ".", "!", "(", ")", "=", "#"]

    /// Query condition values: `&`, `;`, `#`, `+`, encodings and quotes (issue 19.6).
    static let queryValues: [String] = ["a", "b", ";", "#", "+", "%41", "%3B", "=", "&", "'", "\"", "$", "{", "}", " ", "\\", "é", "a;b", "a#b"]
    /// Names for rollout cookies and headers: tokens and characters a name cannot have.
    static let names: [String] = ["a", "Z", "-", "_", "1", ";", "\"", " ", "{", "'", "$", "#", ":"]
    static let hosts: [String] = ["example.com", "www.example.com", "*.example.com", "a-b.example.com", "ex\"ample.com", "x;y.example.com"]

    static var iterations: Int { Int(ProcessInfo.processInfo.environment["DETOUR_FUZZ_ITERATIONS"] ?? "") ?? 1 }

    static func text(_ g: inout SeededGenerator, from pool: [String], count: ClosedRange<Int>) -> String {
        (0..<Int.random(in: count, using: &g)).map { _ in pool.randomElement(using: &g)! }.joined()
    }

    /// A batch of random rules: most through Detour's own parsers (as a rule file would load
    /// them), some built directly so control characters reach the exporters.
    static func batch(_ g: inout SeededGenerator, size: Int) -> RuleSet {
        var set = RuleSet()
        set.site.hosts = [.exact("example.com")]
        var n = 0
        while set.rules.count < size {
            n += 1
            let id = "fuzz-\(n)"
            let src = "/" + text(&g, from: alphabet, count: 1...6)
            let tgtBody = text(&g, from: alphabet, count: 0...8)
            let tgt = Bool.random(using: &g) ? "/t/" + tgtBody : "https://blog.example.com/" + tgtBody
            var rule: Rule
            if Int.random(in: 0..<5, using: &g) == 0 {
                rule = Rule(id: id, source: Source(kind: .exact(src), text: src), target: Target(parts: [.literal(tgt)], text: tgt), code: .found)
            } else {
                let prefix = Bool.random(using: &g)
                guard let s = try? Source.parse(prefix ? src.prefix(while: { $0 != "*" }) + "/*" : src),
                    let t = try? Target.parse(prefix ? tgt + "/*" : tgt, captureCount: s.captureCount, sourceIsPrefix: prefix)
                else { continue }
                rule = Rule(
                    id: id, source: s, target: t, code: [.movedPermanently, .found, .temporaryRedirect, .permanentRedirect].randomElement(using: &g)!)
            }
            switch Int.random(in: 0..<6, using: &g) {
            case 0: rule.conditions = [Condition(kind: .header, name: "X-Fuzz", value: .exact("v" + text(&g, from: tame, count: 1...5)))]
            case 1:
                rule.conditions = [
                    Condition(kind: .cookie, name: "fz", value: .exact(text(&g, from: ["a", "b", "1", "$", "{", "}", "'", "\"", "\\"], count: 1...4)))
                ]
            case 2: rule.methods = ["GET", "HEAD"]
            case 3:
                // Issue 19.6: query values with the separators and comment marks of every server.
                let value = text(&g, from: queryValues, count: 0...3)
                rule.conditions = [
                    Condition(
                        kind: .query, name: ["v", "utm_source", "q-1"].randomElement(using: &g)!,
                        value: Bool.random(using: &g) ? .exact(value) : .present)
                ]
            case 4:
                let key: Rollout.Key =
                    Bool.random(using: &g) ? .cookie(text(&g, from: names, count: 1...4)) : .header(text(&g, from: names, count: 1...4))
                rule.rollout = Rollout(basisPoints: 5000, key: key, salt: text(&g, from: tame, count: 1...6))
            default: break
            }
            if Int.random(in: 0..<4, using: &g) == 0, let h = HostPattern(text: hosts.randomElement(using: &g)!) {
                rule.host = h
                if !set.site.hosts.contains(h) { set.site.hosts.append(h) }
            }
            if Int.random(in: 0..<6, using: &g) == 0 { rule.id += text(&g, from: tame + ["\n", " ", "*/", "-->", "}"], count: 1...3) }
            rule.cache = [.noStore, .none, .maxAge(60), .privateMaxAge(5), .publicMaxAge(3600)].randomElement(using: &g)!
            set.rules.append(rule)
            set.lines.append(n)
        }
        return set
    }

    @Test("unsafe rule text is refused naming the rule and the character, never written", arguments: ServerKind.allCases)
    func refusalsNameRuleAndCharacter(server: ServerKind) throws {
        var g = SeededGenerator(state: 0xDE70_0125)
        for _ in 0..<Self.iterations * 20 {
            let set = Self.batch(&g, size: 30)
            do {
                _ = try Exporters.exporter(for: server).export(set, options: ExportOptions(directory: "/tmp/fuzz"))
            } catch let refusal as ExportRefusal {
                for e in refusal.errors {
                    let id = try #require(e.ruleID)
                    #expect(set.rules.contains { $0.id == id })
                    #expect("\(e)".contains("rule \(id)"))
                    if case .unsafeCharacter(_, _, _, let character, _) = e { #expect(!character.isEmpty) }
                }
            }
        }
    }

    @Test("what is exported passes the server's syntax check and behaves as simulated", needsServers, arguments: ServerKind.local)
    func exportedBehavesAsSimulated(server: ServerKind) throws {
        try #require(ServerTestSupport.installed(server), "\(server.name) is not installed")
        var g = SeededGenerator(state: 0xF022_0000 &+ UInt64(server.name.utf8.count))
        for _ in 0..<Self.iterations {
            let set = Self.batch(&g, size: 40)
            // Verifier exports leniently, runs the syntax check (throws on failure), then compares.
            let result = try ServerTestSupport.verify(set, bytes: Array("fuzz".utf8), file: "fuzz", server: server, limit: 800)
            #expect(result.disagreements.isEmpty)
            for o in result.omissions {
                #expect(o.reason.contains("rule \(o.ruleID)"))
                #expect(
                    o.reason.contains("control") || o.reason.contains("line feed") || o.reason.contains("carriage return")
                        || o.reason.contains("DT080") || o.reason.contains("contains"))
            }
            // Every rule with a control character was left out, none with plain text only.
            let controlled = Set(set.rules.filter { URLText.firstControl(in: $0.source.text + $0.target.text) != nil }.map(\.id))
            #expect(Set(result.omissions.map(\.ruleID)).isSuperset(of: controlled))
        }
    }
}
