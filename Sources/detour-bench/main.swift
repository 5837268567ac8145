import DetourCore

#if canImport(Glibc)
    import Glibc
#endif

// detour-bench SUITE [options]: one suite per area; each prints its figures as a table that
// BENCHMARKS.md quotes. Run with `swift run -c release detour-bench SUITE`.
let arguments = Array(CommandLine.arguments.dropFirst())
let suites: [String: ([String]) -> Void] = [
    "files": FilesBenchmark.run,
    "check": CheckBenchmark.run,
    "diff": DiffBenchmark.run,
    "export": ExportBenchmark.run,
    "import": ImportBenchmark.run,
    "match": MatchBenchmark.run,
    "tui": TuiBenchmark.run,
    "writes": WritesBenchmark.run
]
guard let name = arguments.first, let suite = suites[name] else {
    print("usage: detour-bench SUITE [options]\nsuites: " + suites.keys.sorted().joined(separator: ", "))
    exit(2)
}
suite(Array(arguments.dropFirst()))
