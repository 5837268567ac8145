import DetourCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `detour-bench import [LINES]`: imports an nginx file whose `map $uri` has LINES entries
/// (default 10⁵; target: under 2 s in release, issue 16), used by one `return 301`. Reports the
/// parse-and-translate time, the rules per second and that every entry became a rule.
enum ImportBenchmark {
    static func run(_ args: [String]) {
        let count = args.first.flatMap { Int($0) } ?? 100_000
        let dir = "/tmp/detour-bench-import-\(getpid())"
        mkdir(dir, 0o755)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/redirects.conf"
        var text = "map $uri $moved {\n    default \"\";\n"
        text.reserveCapacity(count * 64)
        for i in 0..<count {
            if i % 1000 == 0 { text += "    # batch \(i / 1000) of the 2019 catalogue\n" }
            text += "    /shop/item-\(i)-old.html /products/\(i * 7 % 100_003)/item-\(i);\n"
        }
        text += "}\n\nserver {\n    listen 80;\n    server_name shop.example.com;\n    if ($moved) {\n        return 301 $moved;\n    }\n}\n"
        guard (try? AtomicFile.write(Array(text.utf8), to: file)) != nil else {
            print("cannot write \(file)")
            return
        }
        let (result, wall, cpu) = Bench.cpuTime { try! NginxImporter().importFiles([file], options: ImportOptions()) }
        guard result.ruleSet.rules.count == count, result.report.isComplete else {
            print("import lost entries: \(result.ruleSet.rules.count) rules of \(count), \(result.report.notImported.count) not imported")
            exit(1)
        }
        Bench.row(["map entries", "file size", "import (wall)", "import (CPU)", "rules/s"])
        Bench.row([String(count), "\(text.utf8.count / 1_000_000) MB", Bench.format(wall), Bench.format(cpu), String(Int(Double(count) / wall))])
    }
}
