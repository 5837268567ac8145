import DetourCore

#if canImport(Glibc)
    import Glibc
#endif

/// `detour-bench check`: the whole validator on 10⁶ exact and prefix rules, and the loop, chain and
/// shadow analysis on 10³ and 10⁴ regex rules (DESIGN §5 speed bars: ≤ 2 s, ≤ 5 s, ≤ 30 s).
enum CheckBenchmark {
    static func run(_ args: [String]) {
        let now = Timestamp(rfc3339: "2026-11-25T00:00:00Z")!
        let sizes = args.compactMap(Int.init)
        let exactSizes = sizes.isEmpty ? [1_000_000] : sizes.filter { $0 >= 100_000 }
        let regexSizes = sizes.isEmpty ? [1_000, 10_000] : sizes.filter { $0 < 100_000 }
        Bench.row(["rules", "kind", "checks", "time", "findings", "CPU time"])
        for n in exactSizes {
            let set = exactAndPrefix(n)
            let c0 = cpuSeconds()
            let (f, t) = Bench.time { Validator(now: now).validate(set) }
            let cpu = cpuSeconds() - c0
            Bench.row([String(n), "exact+prefix", "all", Bench.format(t), String(f.count), Bench.format(cpu)])
            if args.contains("--per-check") {
                for c in Validator.allChecks {
                    let (_, tc) = Bench.time { Validator(checks: [c], now: now).validate(set) }
                    Bench.row([String(n), "exact+prefix", c.id, Bench.format(tc), ""])
                }
            }
        }
        let analysis = ["DT010", "DT011", "DT012", "DT013", "DT040", "DT041"]
        for n in regexSizes {
            let set = regexRules(n)
            let v = Validator(now: now).selecting(only: Set(analysis), skip: [])
            var c0 = cpuSeconds()
            let (f, t) = Bench.time { v.validate(set) }
            Bench.row([String(n), "regex", "loops/chains/shadows", Bench.format(t), String(f.count), Bench.format(cpuSeconds() - c0)])
            c0 = cpuSeconds()
            let (g, u) = Bench.time { Validator(now: now).validate(set) }
            Bench.row([String(n), "regex", "all", Bench.format(u), String(g.count), Bench.format(cpuSeconds() - c0)])
            let shared = sharedPrefixRegexRules(n)
            c0 = cpuSeconds()
            let (h, w) = Bench.time { v.validate(shared) }
            Bench.row([String(n), "regex, 100/prefix", "loops/chains/shadows", Bench.format(w), String(h.count), Bench.format(cpuSeconds() - c0)])
        }
    }

    /// Harder: 100 rules behind each literal prefix (`/cat17/…`), so every rule has a hundred
    /// neighbours whose languages must be intersected, and targets that land in other categories.
    static func sharedPrefixRegexRules(_ n: Int) -> RuleSet {
        var set = RuleSet()
        set.site.hosts = [HostPattern(text: "example.com")!]
        let shapes = ["([0-9]+)-[a-z]+", "([a-z]+)/([0-9]{2,6})", "item-([0-9]{3})", "([a-z]{2})-([0-9]+)\\.html", "x([0-9a-f]+)"]
        let templates = ["$1-a", "$1/$2", "item-$1", "$1-$2.html", "x$1"]
        for i in 0..<n {
            let cat = i / 100
            let j = i % 100
            let k = i % shapes.count
            let source = try! Source.parse("~^/cat\(cat)/" + shapes[k] + "-v\(j)$")
            let dest = i % 7 == 0 ? "/cat\((cat + 1) % max(1, n / 100))/" : "/new\(cat)/"
            let t = try! Target.parse(dest + templates[k] + "-v\(j)", captureCount: source.captureCount, sourceIsPrefix: false)
            set.rules.append(Rule(id: "s\(i)", source: source, target: t, code: .temporaryRedirect))
            set.lines.append(i + 3)
        }
        return set
    }

    /// CPU seconds used by this process (the machine is shared; wall time alone overstates).
    static func cpuSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// The shop migration of `SyntheticRules.exact` with every 20th rule a category prefix rule.
    static func exactAndPrefix(_ n: Int) -> RuleSet {
        var set = SyntheticRules.exact(count: n)
        for i in stride(from: 0, to: n, by: 20) {
            let src = "/legacy/\(i)/"
            let tgt = "/archive/\(i)/"
            set.rules[i].source = try! Source.parse(src + "*")
            set.rules[i].target = try! Target.parse(tgt + "*", captureCount: 1, sourceIsPrefix: true)
        }
        return set
    }

    /// Regex rules behind varied literal prefixes, with chains between neighbours (every tenth rule
    /// lands on the next one's source) so the analysis has real edges to confirm.
    static func regexRules(_ n: Int) -> RuleSet {
        var set = RuleSet()
        set.site.hosts = [HostPattern(text: "example.com")!, HostPattern(text: "www.example.com")!]
        let shapes = ["([0-9]+)-[a-z-]+", "([a-z]+)/([0-9]{2,6})", "(v[0-9])/([a-z0-9_-]+)\\.html", "([A-Z]{2})-([0-9]+)"]
        let templates = ["$1-x", "$1/$2", "$1/$2.html", "$1-$2"]
        for i in 0..<n {
            // Neighbours share a shape, so a rule can land on the next one's source.
            let k = (i / 2) % shapes.count
            let pattern = "^/c\(i)/" + shapes[k] + "$"
            let chains = i % 10 == 0 && i + 1 < n
            let target = chains ? "/c\(i + 1)/" + templates[k] : "/n\(i)/" + templates[k]
            let source = try! Source.parse("~" + pattern)
            let t = try! Target.parse(target, captureCount: source.captureCount, sourceIsPrefix: false)
            set.rules.append(Rule(id: "r\(i)", source: source, target: t, code: .movedPermanently))
            set.lines.append(i + 3)
        }
        return set
    }
}
