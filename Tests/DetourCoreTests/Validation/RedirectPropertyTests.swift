import Foundation
import Testing

@testable import DetourCore

/// The validator's promise, checked against brute force (issue #14, "How to make it exact"): on
/// random small rule sets DT001, DT010 and DT011 report exactly what following every request of a
/// generated URL space shows — nothing it sees is missed, and every witness reproduces. The seed is
/// fixed; `DETOUR_PROPERTY_RUNS=5000` runs a longer search.
@Suite struct RedirectPropertyTests {
    static let runs = ProcessInfo.processInfo.environment["DETOUR_PROPERTY_RUNS"].flatMap { Int($0) } ?? 100
    static let trace = ProcessInfo.processInfo.environment["DETOUR_PROPERTY_TRACE"] != nil
    static let seed: UInt64 = ProcessInfo.processInfo.environment["DETOUR_PROPERTY_SEED"].flatMap { UInt64($0) } ?? 0x14_0001

    @Test func openRedirectsLoopsAndChainsMatchBruteForce() throws {
        var g = RedirectOracle.SplitMix(state: Self.seed)
        let validator = Validator(
            checks: [OpenRedirectCheck(), DangerousSchemeCheck(), LoopCheck(), ChainCheck(), SelfRedirectCheck()], now: RedirectOracle.now)
        var failures = 0
        for run in 0..<Self.runs where failures < 3 {
            let set = RedirectOracle.ruleSet(&g)
            if Self.trace { print("run \(run):\n" + RedirectOracle.describe(set)) }
            let findings = validator.validate(set)
            let seen = RedirectOracle.observe(set, extraPaths: findings.flatMap { $0.witness.map(\.path) })
            let problems = Self.compare(set, findings, seen)
            if !problems.isEmpty {
                failures += 1
                let report = "run \(run):\n" + RedirectOracle.describe(set) + "\n" + problems.joined(separator: "\n")
                Issue.record(Comment(rawValue: report))
            }
        }
    }

    static func compare(_ set: RuleSet, _ findings: [Finding], _ seen: RedirectOracle.Observed) -> [String] {
        var problems: [String] = []
        let trusted = TrustedHosts(site: set.site)
        // A rule that sends every request back to itself is DT060's (DT010 leaves it out).
        let loops = findings.filter { $0.check == "DT010" || $0.check == "DT060" }
        let chains = findings.filter { $0.check == "DT011" }
        let selfRedirects = Set(findings.filter { $0.check == "DT060" }.flatMap(\.rules))
        let unexplained = seen.loops.filter { !($0.count == 1 && selfRedirects.isSuperset(of: $0)) }
        // Complete: a loop the brute force runs into is reported; sound: every witness loops (one
        // the URL space misses may be reported, as long as it really loops).
        if !unexplained.isEmpty && !loops.contains(where: { $0.check == "DT010" }) {
            problems.append("DT010: brute force loops \(unexplained), reported \(loops.map(\.message))")
        }
        for f in loops where f.check == "DT010" {
            guard let w = f.witness.first, RedirectOracle.walk(set, w).loopFrom != nil else {
                problems.append("DT010 witness does not loop: \(f.message)")
                continue
            }
        }
        // Chains: every hop from one rule to another is reported, as a chain or inside a loop.
        let inLoops = loops.map { Set($0.rules) }
        for edge in seen.edges {
            let reported = chains.contains { $0.rules == edge } || inLoops.contains { $0.isSuperset(of: edge) }
            if !reported { problems.append("DT011 missed \(edge[0]) → \(edge[1])") }
        }
        for f in chains {
            let hops = f.witness.first.map { RedirectOracle.walk(set, $0).hops.map { set.rules[$0.rule].id } } ?? []
            if Array(hops.prefix(2)) != f.rules { problems.append("DT011 witness walks \(hops), reported \(f.rules): \(f.message)") }
        }
        // Open redirects and schemes: every rule seen sending a client away is reported; each witness does.
        for (check, ids) in [("DT001", seen.offSite), ("DT002", seen.dangerous)] {
            let reported = Set(findings.filter { $0.check == check }.flatMap(\.rules))
            for id in ids.subtracting(reported) { problems.append("\(check) missed rule \(id)") }
        }
        for f in findings where f.check == "DT001" || f.check == "DT002" {
            guard let w = f.witness.first, let rule = set.rules.first(where: { $0.id == f.rules[0] }) else { continue }
            // The rule's own answer (an earlier rule may shadow it; DT041 says so).
            let e = FirstMatchEvaluator(RuleSet(site: set.site, rules: [rule]))
            guard let out = e.evaluate(w) else {
                problems.append("\(f.check) witness reaches the origin: \(f.message)")
                continue
            }
            let v = LocationScanner.judge(Array(out.location.utf8), trusted: trusted)
            let ok = f.check == "DT001" ? v == .offSite : OpenRedirectAnalysis.ExploitClass.dangerousScheme.holds(v)
            if !ok { problems.append("\(f.check) witness gives \(out.location): \(f.message)") }
        }
        return problems
    }
}
