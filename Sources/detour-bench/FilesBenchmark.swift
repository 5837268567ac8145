import DetourCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Load and save of 10⁴, 10⁵, 10⁶ rules in YAML and CSV, beside the time to merely read the bytes.
/// A load is `RuleFileDocument.load(path:)`, from the file to the document. Every read and load
/// runs in a fresh process, as `detour` does, and is repeated (`--runs N`, default 5; one for a
/// 10⁶-rule YAML file): figures are the median with the range beside it, since one run on a
/// shared machine can be off by a third. `files --reload 5 [N]` loads one N-row CSV five times in
/// one process instead and prints the resident memory after each load.
enum FilesBenchmark {
    static func run(_ args: [String]) {
        if let k = args.firstIndex(of: "--load-once"), args.count > k + 2, let n = Int(args[k + 2]) {
            return loadOnce(args[k + 1], rules: n)
        }
        if let k = args.firstIndex(of: "--write"), args.count > k + 2, let n = Int(args[k + 2]) {
            return try! RuleFileDocument.write(SyntheticRules.exact(count: n), to: args[k + 1])
        }
        if let k = args.firstIndex(of: "--reload") {
            let times = args.indices.contains(k + 1) ? Int(args[k + 1]) ?? 5 : 5
            let n = args.enumerated().compactMap { j, a in j == k + 1 ? nil : Int(a) }.first ?? 1_000_000
            return reload(times: times, rules: n)
        }
        let runsArg = args.firstIndex(of: "--runs").flatMap { args.indices.contains($0 + 1) ? Int(args[$0 + 1]) : nil }
        let numbers = args.enumerated().compactMap { k, a in k > 0 && args[k - 1] == "--runs" ? nil : Int(a) }
        let sizes = numbers.isEmpty ? [10_000, 100_000, 1_000_000] : numbers
        let formats = ["csv", "yaml"].filter { args.contains($0) || !args.contains(where: { $0 == "csv" || $0 == "yaml" }) }
        let dir = "/tmp/detour-bench-files"
        mkdir(dir, 0o755)
        Bench.row(["rules", "format", "read bytes", "load", "load CPU", "load ÷ read", "save", "MB", "B/rule (RSS)"])
        for n in sizes {
            let set = SyntheticRules.exact(count: n)
            for format in formats {
                let path = "\(dir)/rules-\(n).\(format)"
                try! RuleFileDocument.write(set, to: path)
                let runs = max(1, runsArg ?? (format == "yaml" && n >= 1_000_000 ? 1 : 5))
                let figures = (0..<runs).compactMap { _ in
                    Bench.runFresh(["files", "--load-once", path, String(n)])?.split(separator: " ").compactMap { Double($0) }
                }.filter { $0.count == 4 }
                guard !figures.isEmpty else {
                    Bench.row([String(n), format, "failed"])
                    continue
                }
                var doc = try! RuleFileDocument.load(path: path)
                var edited = doc.ruleSet
                edited.rules[n / 2].code = .found
                let (_, saveTime) = Bench.time { try! doc.save(edited, force: true) }
                let reads = figures.map { $0[0] }
                let loads = figures.map { $0[1] }
                let ratio = median(loads) / max(median(reads), 1e-9)
                Bench.row([
                    String(n), format, spread(reads), spread(loads), Bench.format(median(figures.map { $0[2] })),
                    String(format: "%.1f×", ratio), Bench.format(saveTime),
                    String(Int(AtomicFile.stamp(path)?.size ?? 0) / 1_000_000), String(Int(median(figures.map { $0[3] })))
                ])
            }
        }
    }

    /// One run in this process: prints the seconds to read the file's bytes (the floor), then the
    /// wall and CPU seconds to load the document from the file as `detour` does, and the resident
    /// bytes per rule that load adds.
    static func loadOnce(_ path: String, rules n: Int) {
        let readTime = Bench.time { _ = try! AtomicFile.read(path) }.1
        let before = Bench.residentBytes()
        let (doc, loadTime, loadCPU) = Bench.cpuTime { try! RuleFileDocument.load(path: path) }
        let perRule = (Bench.residentBytes() - before) / max(n, 1)
        withExtendedLifetime(doc) { print(readTime, loadTime, loadCPU, perRule) }
    }

    /// Loads the same `n`-row CSV file `times` times in this process, dropping the previous
    /// document before each load as the editor's reload does, and prints the resident memory after
    /// each load: memory a load keeps after its document is gone shows as growth from row to row.
    /// glibc keeps some freed memory for reuse once its mmap threshold has adapted to the first
    /// load's arrays; `GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072` fixes the threshold and
    /// shows what Detour itself holds.
    static func reload(times: Int, rules n: Int) {
        let dir = "/tmp/detour-bench-files"
        mkdir(dir, 0o755)
        let path = "\(dir)/rules-\(n).csv"
        // Written by another process: the rules generated here would leave memory behind that
        // the first load reuses, hiding what it costs.
        if AtomicFile.stamp(path) == nil { _ = Bench.runFresh(["files", "--write", path, String(n)]) }
        let start = Bench.residentBytes()
        Bench.row(["load", "time", "RSS", "RSS − start", "vs. 1st load"])
        var document: RuleFileDocument? = nil
        var first = 0
        for k in 1...max(times, 1) {
            document = nil
            let (loaded, seconds) = Bench.time { try! RuleFileDocument.load(path: path) }
            document = loaded
            let rss = Bench.residentBytes()
            if k == 1 { first = rss }
            let change = Double(rss - first) / Double(max(first, 1)) * 100
            Bench.row([String(k), Bench.format(seconds), "\(rss >> 20) MB", "\((rss - start) >> 20) MB", String(format: "%+.1f %%", change)])
        }
        withExtendedLifetime(document) {}
    }

    static func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

    /// "median (min–max)", or the one figure of a single run.
    static func spread(_ xs: [Double]) -> String {
        let m = Bench.format(median(xs))
        guard xs.count > 1, let lo = xs.min(), let hi = xs.max() else { return m }
        func bare(_ s: Double) -> String { Bench.format(s).replacingOccurrences(of: " ms", with: "") }
        return "\(m) (\(bare(lo))–\(bare(hi)))"
    }
}
