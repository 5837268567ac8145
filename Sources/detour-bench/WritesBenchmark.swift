import DetourCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `detour-bench writes [N…] [--runs R]`: what the writing commands cost beside a plain YAML load,
/// each run as a user runs it — the `detour` binary next to this one, in a fresh process — with its
/// wall time and peak resident memory (the child's `ru_maxrss`). Rows: the YAML load alone
/// (`detour-bench files --load-once`), `detour fmt --check` of the same file, `detour fmt` of a copy
/// indented by two more spaces (every rule rewritten), and `detour convert` of the same rules from
/// CSV to YAML. Figures are medians of R runs (default 3) with the range.
enum WritesBenchmark {
    static func run(_ args: [String]) {
        let runs = args.firstIndex(of: "--runs").flatMap { args.indices.contains($0 + 1) ? Int(args[$0 + 1]) : nil } ?? 3
        let numbers = args.enumerated().compactMap { k, a in k > 0 && args[k - 1] == "--runs" ? nil : Int(a) }
        let sizes = numbers.isEmpty ? [100_000, 1_000_000] : numbers
        let dir = "/tmp/detour-bench-writes"
        mkdir(dir, 0o755)
        let here = CommandLine.arguments[0]
        let detour = String(here[..<(here.lastIndex(of: "/") ?? here.startIndex)]) + "/detour"
        Bench.row(["rules", "task", "wall", "peak RSS", "B/rule (peak)"])
        for n in sizes {
            let yaml = "\(dir)/rules-\(n).yaml"
            let csv = "\(dir)/rules-\(n).csv"
            let set = SyntheticRules.exact(count: n)
            try! RuleFileDocument.write(set, to: yaml, options: .init(overwriteReadOnly: true))
            try! RuleFileDocument.write(set, to: csv, options: .init(overwriteReadOnly: true))
            let messy = "\(dir)/messy-\(n).yaml"
            let tasks: [(String, String, [String])] = [
                ("YAML load", here, ["files", "--load-once", yaml, String(n)]),
                ("fmt --check", detour, ["fmt", "--check", yaml]),
                ("fmt (every rule rewritten)", detour, ["fmt", messy]),
                ("convert CSV→YAML", detour, ["convert", csv, "\(dir)/out-\(n).yaml", "--force"])
            ]
            for (name, program, arguments) in tasks {
                let figures = (0..<max(1, runs)).compactMap { _ in
                    // fmt formats the copy it is given: each run starts from the unformatted text.
                    if arguments.last == messy { writeIndented(yaml, to: messy) }
                    return measure(program, arguments)
                }
                guard !figures.isEmpty else {
                    Bench.row([String(n), name, "failed"])
                    continue
                }
                let peak = FilesBenchmark.median(figures.map { Double($0.peakBytes) })
                Bench.row([
                    String(n), name, FilesBenchmark.spread(figures.map(\.seconds)), "\(Int(peak) >> 20) MB", String(Int(peak) / n)
                ])
            }
        }
    }

    /// `source` with every line below the top level indented by two more spaces: the same rules,
    /// not in canonical form.
    static func writeIndented(_ source: String, to path: String) {
        let bytes = Array(FileManager.default.contents(atPath: source) ?? Data())
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        var lineStart = true
        for b in bytes {
            if lineStart && b == 0x20 { out += [0x20, 0x20] }
            out.append(b)
            lineStart = b == 0x0a
        }
        _ = FileManager.default.createFile(atPath: path, contents: Data(out))
    }

    /// Runs `program arguments` with output discarded; nil when it fails.
    static func measure(_ program: String, _ arguments: [String]) -> (seconds: Double, peakBytes: Int)? {
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var pid: pid_t = 0
        var status: Int32 = 0
        var usage = rusage()
        let (spawned, seconds) = Bench.time { () -> Bool in
            guard posix_spawn(&pid, program, &actions, nil, argv, environ) == 0 else { return false }
            wait4(pid, &status, 0, &usage)
            return true
        }
        guard spawned, status == 0 else { return nil }
        return (seconds, Int(usage.ru_maxrss) * 1024)
    }
}
