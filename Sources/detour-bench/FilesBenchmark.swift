import DetourCore
#if canImport(Glibc)
import Glibc
#endif

/// Load and save of 10⁴, 10⁵, 10⁶ rules in YAML and CSV, beside the time to merely read the bytes.
enum FilesBenchmark {
    static func run(_ args: [String]) {
        let numbers = args.compactMap(Int.init)
        let sizes = numbers.isEmpty ? [10_000, 100_000, 1_000_000] : numbers
        let formats = ["csv", "yaml"].filter { args.contains($0) || !args.contains(where: { $0 == "csv" || $0 == "yaml" }) }
        let dir = "/tmp/detour-bench-files"
        mkdir(dir, 0o755)
        Bench.row(["rules", "format", "read bytes", "load", "load CPU", "save", "MB", "B/rule (RSS)"])
        for n in sizes {
            let set = SyntheticRules.exact(count: n)
            for format in formats {
                let path = "\(dir)/rules-\(n).\(format)"
                try! RuleFileDocument.write(set, to: path)
                let (bytes, readTime) = Bench.time { try! AtomicFile.read(path) }
                let before = Bench.residentBytes()
                let (doc, loadTime, loadCPU) = Bench.cpuTime { try! RuleFileDocument(path: path, bytes: bytes) }
                let after = Bench.residentBytes()
                var edited = doc.ruleSet
                edited.rules[n / 2].code = .found
                var d = doc
                let (_, saveTime) = Bench.time { try! d.save(edited, force: true) }
                // The document keeps the file's bytes (already counted in `before`) for saving unchanged rows.
                let perRule = (after - before) / n
                Bench.row([String(n), format, Bench.format(readTime), Bench.format(loadTime), Bench.format(loadCPU), Bench.format(saveTime),
                           String(bytes.count / 1_000_000), String(perRule)])
                _ = doc
            }
        }
    }
}
