import DetourCore
import Foundation

/// `detour-bench diff [N]`: the behavioural diff of an N-rule file (default 10⁶) against a copy in
/// which 1 % of the rules changed — a quarter retargeted, a quarter recoded, a quarter removed, a
/// quarter new — plus three prefix rules, one over a thousand exact rules (issue 17 §1: ≤ 5 s).
/// Times the diff itself on loaded rules, then `detour diff old.csv new.csv` as a user runs it
/// (fresh process: both loads, the diff, the output), with and without the findings comparison.
enum DiffBenchmark {
    static func run(_ args: [String]) {
        let n = args.compactMap(Int.init).first ?? 1_000_000
        let now = Timestamp(rfc3339: "2026-11-25T00:00:00Z")!
        let old = SyntheticRules.exact(count: n)
        let new = changed(old)
        Bench.row(["rules", "what", "wall", "CPU", "regions", "undecided"])
        let (report, wall, cpu) = Bench.cpuTime { BehaviourDiff(old: old, new: new, now: now).run() }
        Bench.row([String(n), "diff (in memory)", Bench.format(wall), Bench.format(cpu), String(report.regions.count), String(report.undecided.count)]
        )
        let dir = NSTemporaryDirectory() + "detour-bench-diff-\(getpid())"
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try! RuleFileDocument.write(old, to: dir + "/old.csv")
        try! RuleFileDocument.write(new, to: dir + "/new.csv")
        let detour = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("detour").path
        for extra in [["--no-findings"], []] {
            let (status, t) = Bench.time { command(detour, ["diff", "old.csv", "new.csv", "--now", now.rfc3339] + extra, in: dir) }
            let what = "detour diff" + (extra.isEmpty ? " (with findings)" : " --no-findings")
            Bench.row([String(n), what, Bench.format(t), "", status == 1 ? "exit 1" : "exit \(status)", ""])
        }
    }

    /// Every 100th rule changed, in turn retargeted, recoded, removed, or followed by a new rule.
    static func changed(_ old: RuleSet) -> RuleSet {
        var rules: [Rule] = []
        rules.reserveCapacity(old.rules.count + old.rules.count / 400 + 3)
        for (i, rule) in old.rules.enumerated() {
            guard i % 100 == 0 else {
                rules.append(rule)
                continue
            }
            var r = rule
            switch (i / 100) % 4 {
            case 0:
                let t = "/products/renamed-\(i)"
                r.target = try! Target.parse(t, captureCount: 0, sourceIsPrefix: false)
                rules.append(r)
            case 1:
                r.code = .found
                rules.append(r)
            case 2:
                break
            default:
                rules.append(r)
                let s = "/shop/new/item-\(i)"
                let t = "/products/new-\(i)"
                rules.append(
                    Rule(
                        id: "new\(i)", source: Source(kind: .exact(s), text: s), target: try! Target.parse(t, captureCount: 0, sourceIsPrefix: false),
                        code: .movedPermanently))
            }
        }
        for (k, p) in ["/shop/belts/trail-", "/legacy/", "/shop/archive/"].enumerated() {
            let source = try! Source.parse(p + "*")
            rules.insert(
                Rule(id: "prefix\(k)", source: source, target: try! Target.parse("/archive/*", captureCount: 1, sourceIsPrefix: true), code: .found),
                at: min(rules.count, 1000 * (k + 1)))
        }
        return RuleSet(site: old.site, rules: rules)
    }

    static func command(_ binary: String, _ args: [String], in dir: String) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        p.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try! p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }
}
