import DetourCore

#if canImport(Glibc)
    import Glibc
#endif

/// Single-hop lookups per second on 10⁶ exact rules, the same with 10⁴ regex rules mixed in, and
/// `replay` of a generated 10⁶-line combined log (targets: ≥ 2 M/s, ≥ 200 k/s, ≤ 5 s).
///
/// `match [EXACT_RULES [REGEX_RULES]] [--exact-only] [--aliased-paths]`: `--exact-only` stops
/// after the exact-rule row, so `perf record` sees that lookup loop alone. Request paths are fresh
/// strings made in request order, as when they are parsed from a log or the wire;
/// `--aliased-paths` instead reuses the rules' own source strings (the earlier way of measuring),
/// which adds a cache miss per lookup on a rule string scattered over the heap.
enum MatchBenchmark {
    static func run(_ arguments: [String]) {
        let exactOnly = arguments.contains("--exact-only")
        let aliasedPaths = arguments.contains("--aliased-paths")
        let args = arguments.filter { !$0.hasPrefix("--") }
        let count = args.first.flatMap(Int.init) ?? 1_000_000
        let regexCount = args.dropFirst().first.flatMap(Int.init) ?? 10_000
        let exactSet = SyntheticRules.exact(count: count)
        let requests = makeRequests(exactSet, count: 1_000_000, aliasingRuleStrings: aliasedPaths)

        Bench.row(["rules", "index build", "lookups", "lookups/s (wall, cpu)", "respond/s (wall, cpu)", "hit share"])
        measure("\(count) exact", exactSet, requests)
        if exactOnly { return }

        let mixed = mixInRegexRules(exactSet, count: regexCount)
        var mixedRequests = requests
        // Every fourth request aims at a regex rule.
        for i in stride(from: 0, to: mixedRequests.count, by: 4) {
            let n = (i * 7919) % regexCount
            mixedRequests[i].path = "/r\(n)/item/\(i % 1000)-blue-shoe"
        }
        measure("\(count) + \(regexCount) regex", mixed, mixedRequests)

        replay(exactSet, lines: 1_000_000)
    }

    static func makeRequests(_ set: RuleSet, count: Int, aliasingRuleStrings: Bool) -> [HTTPRequest] {
        var out: [HTTPRequest] = []
        out.reserveCapacity(count)
        let time = Timestamp(secondsSinceEpoch: 1_790_000_000)
        for i in 0..<count {
            // 3 of 4 requests hit a rule, the rest miss.
            let path: String
            if i % 4 == 3 {
                path = "/shop/none/missing-\(i)"
            } else {
                guard case .exact(let p) = set.rules[(i &* 2_654_435_761) % set.rules.count].source.kind else { continue }
                path = aliasingRuleStrings ? p : String(decoding: Array(p.utf8), as: UTF8.self)
            }
            out.append(HTTPRequest(method: "GET", host: "shop.example.com", path: path, time: time))
        }
        return out
    }

    /// Inserts regex rules `~^/r<n>/item/(\d+)-([a-z-]+)$` at spread-out positions.
    static func mixInRegexRules(_ set: RuleSet, count: Int) -> RuleSet {
        var out = set
        let step = max(1, set.rules.count / max(count, 1))
        var rules: [Rule] = []
        rules.reserveCapacity(set.rules.count + count)
        var added = 0
        for (i, rule) in set.rules.enumerated() {
            if i % step == 0 && added < count {
                let text = "~^/r\(added)/item/(\\d+)-([a-z-]+)$"
                let source = try! Source.parse(text)
                rules.append(
                    Rule(
                        id: "re\(added)", source: source, target: try! Target.parse("/items/$1?c=$2", captureCount: 2, sourceIsPrefix: false),
                        code: .found))
                added += 1
            }
            rules.append(rule)
        }
        out.rules = rules
        out.lines = Array(1...rules.count)
        return out
    }

    /// CPU seconds of this thread: on a shared, loaded machine wall time mostly measures the
    /// neighbours, so both are reported.
    static func cpuTime<T>(_ body: () -> T) -> (T, Double) {
        var a = timespec()
        var b = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a)
        let r = body()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b)
        return (r, Double(b.tv_sec - a.tv_sec) + Double(b.tv_nsec - a.tv_nsec) / 1e9)
    }

    static func measure(_ label: String, _ set: RuleSet, _ requests: [HTTPRequest]) {
        var buildCPU = 0.0
        let residentBefore = Bench.residentBytes()
        let (simulator, build) = Bench.time { () -> Simulator in
            let (s, c) = cpuTime { Simulator(ruleSet: set, view: .detour) }
            buildCPU = c
            return s
        }
        // Resident growth while building: the index's memory (plus allocator slack).
        let indexMB = (Bench.residentBytes() - residentBefore) >> 20
        // Like replay, one request value is reused and only its path changes per lookup (copying a
        // whole HTTPRequest per call would measure retain/release of its seven strings instead).
        let paths = requests.map(\.path)
        var hits = 0
        var lookupCPU = 0.0
        let (_, lookup) = Bench.time {
            lookupCPU =
                cpuTime {
                    var request = requests[0]
                    for p in paths {
                        request.path = p
                        if simulator.matcher.firstMatch(request) != nil { hits += 1 }
                    }
                }.1
        }
        var redirects = 0
        var respondCPU = 0.0
        let (_, respond) = Bench.time {
            respondCPU =
                cpuTime {
                    var request = requests[0]
                    for p in paths {
                        request.path = p
                        if simulator.respond(to: request).isRedirect { redirects += 1 }
                    }
                }.1
        }
        Bench.row([
            label, Bench.format(build) + " (cpu " + Bench.format(buildCPU) + ", +\(indexMB) MB)", String(requests.count),
            rate(requests.count, lookup) + " (cpu " + rate(requests.count, lookupCPU) + ")",
            rate(requests.count, respond) + " (cpu " + rate(requests.count, respondCPU) + ")", String(hits * 100 / max(1, requests.count)) + "%"
        ])
    }

    static func rate(_ n: Int, _ seconds: Double) -> String {
        let r = Double(n) / seconds
        return r >= 1e6 ? String(Double(Int(r / 1e4)) / 100) + " M" : String(Int(r / 1000)) + " k"
    }

    static func replay(_ set: RuleSet, lines: Int) {
        let path = "/tmp/detour-bench-access.log"
        guard let f = fopen(path, "w") else { return }
        for i in 0..<lines {
            let p: String
            if i % 3 == 2, case .exact(let s) = set.rules[(i &* 40503) % set.rules.count].source.kind {
                p = s
            } else {
                p = "/static/app-\(i % 5000).js?v=\(i % 7)"
            }
            fputs(
                "203.0.113.\(i % 250) - - [25/Nov/2026:10:\(String(i / 60 % 60).leftPad2):\(String(i % 60).leftPad2) +0000] \"GET \(p) HTTP/1.1\" 200 512 \"-\" \"bench\"\n",
                f)
        }
        fclose(f)
        let simulator = Simulator(ruleSet: set, view: .detour)
        var cpu = 0.0
        let (report, seconds) = Bench.time { () -> ReplayReport in
            let (r, c) = cpuTime { try! LogReplay(simulator: simulator).run(path: path) }
            cpu = c
            return r
        }
        print("")
        Bench.row([
            "replay", "\(lines) lines", Bench.format(seconds) + " (cpu " + Bench.format(cpu) + ")", "\(report.redirected) redirected",
            "\(report.malformed) malformed"
        ])
    }
}

extension String {
    var leftPad2: String { count >= 2 ? self : "0" + self }
}
