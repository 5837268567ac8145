import DetourCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `detour-bench diff [N]`: the behavioural diff of an N-rule file (default 10⁶) against a copy in
/// which 1 % of the rules changed — a quarter retargeted, a quarter recoded, a quarter removed, a
/// quarter new — plus three prefix rules, one over a thousand exact rules (issue 17 §1: ≤ 5 s).
/// Times the diff itself on loaded rules, then `detour diff old.csv new.csv` as a user runs it
/// (fresh process: both loads, the diff, the output), with and without the findings comparison,
/// `--runs R` times each, with the child's wall and CPU time (user + system) and peak memory.
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
        let runs = args.firstIndex(of: "--runs").flatMap { args.indices.contains($0 + 1) ? Int(args[$0 + 1]) : nil } ?? 1
        for extra in [["--no-findings"], []] {
            let what = "detour diff" + (extra.isEmpty ? " (with findings)" : " --no-findings")
            for _ in 0..<max(1, runs) {
                let run = command(detour, ["diff", dir + "/old.csv", dir + "/new.csv", "--now", now.rfc3339] + extra)
                Bench.row([String(n), what, Bench.format(run.wall), Bench.format(run.cpu), run.status == 1 ? "exit 1" : "exit \(run.status)", ""])
            }
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

    /// Runs `binary args` in a fresh process, output discarded: its exit status, wall
    /// time and CPU time (user + system of the child, every thread).
    static func command(_ binary: String, _ args: [String]) -> (status: Int32, wall: Double, cpu: Double) {
        let argv = ([binary] + args).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        var status: Int32 = 0
        var usage = rusage()
        let (spawned, wall) = Bench.time { () -> Bool in
            guard posix_spawn(&pid, binary, &actions, nil, argv, environ) == 0 else { return false }
            wait4(pid, &status, 0, &usage)
            return true
        }
        guard spawned else { return (-1, wall, 0) }
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
        return (exit, wall, seconds(usage.ru_utime) + seconds(usage.ru_stime))
    }
}
