import Foundation
import Testing

@testable import DetourCore

/// Every server's rollout formula against the cookbook's verified vectors: 25 live checks of 200 keys
/// each (`Fixtures/rollout/rollout-vectors.tsv`, generated from `buckets.py`, which agreed 200/200 with
/// the real servers as recorded in `rollout-results.txt`).
@Suite struct SimulationRolloutTests {
    struct Vector {
        let server, path, kind, formula, argument, key: String
        let redirected: Bool
    }

    static let vectors: [Vector] = {
        let text = try! String(contentsOfFile: TestSupport.fixture("rollout/rollout-vectors.tsv"), encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Vector(server: f[0], path: f[1], kind: f[2], formula: f[3], argument: f[4], key: f[5], redirected: f[6] == "1")
        }
    }()

    /// The Swift decision for one vector, through the public per-server types.
    static func decide(_ v: Vector) -> Bool {
        let key = Array(v.key.utf8)
        switch v.formula {
        case "nginx_redirected":
            return NginxSplitClients().includes(key: key, basisPoints: Rollout.parsePercent(v.argument)!)
        case "apache_hex_lt":
            let parts = v.argument.split(separator: ":").map(String.init)
            return ApacheExprHash(algorithm: .init(rawValue: parts[0])!).isBelow(key: key, thresholdHex: parts[1])
        case "haproxy_redirected", "haproxy_ip_redirected":
            let parts = v.argument.split(separator: ":").map(String.init)
            var name = parts[0]
            let avalanche = name.hasSuffix("av")
            if avalanche { name.removeLast(2) }
            let function: HAProxyHash.Function = [
                "crc32": .crc32, "crc32c": .crc32c, "djb2": .djb2, "sdbm": .sdbm,
                "wt6": .wt6, "xxh32": .xxh32(seed: 0)
            ][name]!
            let h = HAProxyHash(function: function, avalanche: avalanche)
            let bytes = v.formula == "haproxy_ip_redirected" ? HAProxyHash.sourceAddressBytes(v.key)! : key
            var value = h.hash(bytes)
            if parts[1].hasPrefix("mod") { value %= UInt32(parts[1].dropFirst(3))! }
            return value < UInt32(parts[2].dropFirst(2))!
        case "caddy_redirected":
            let n = v.argument.split(separator: ":").map { Int($0)! }
            let upstreams = (0..<n[0]).map { "127.0.0.1:\(n[1] + $0)" }
            return CaddyHighestRandomWeight.pick(key: key, upstreams: upstreams) == n[2] - n[1]
        case "md5_prefix32_mod":
            let n = v.argument.split(separator: ":").map { UInt32($0)! }
            return LighttpdMagnetMD5.bucket(key, modulus: n[0]) < n[1]
        case "varnish_redirected":
            let n = v.argument.split(separator: ":").map { UInt32($0)! }
            return VarnishShardKey.shardKey(key) % n[0] < n[1]
        case "md5_hex_lt":
            return ApacheExprHash(algorithm: .md5).isBelow(key: key, thresholdHex: v.argument)
        default:
            Issue.record("unknown formula \(v.formula)")
            return false
        }
    }

    @Test func everyRecordedVectorAgrees() {
        #expect(Self.vectors.count == 5000)
        var mismatches: [String] = []
        for v in Self.vectors where Self.decide(v) != v.redirected {
            mismatches.append("\(v.server) \(v.path) \(v.key)")
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(5))")
    }

    @Test func redirectedCountsMatchTheLiveServers() throws {
        // rollout-results.txt: "nginx /roll-uid … redirected live 21/200"
        let text = try String(contentsOfFile: TestSupport.fixture("rollout/rollout-results.txt"), encoding: .utf8)
        var checked = 0
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ")
            let live = line.split(separator: "redirected live ")[1].split(separator: "/")[0]
            let predicted = Self.vectors.filter { $0.server == words[0] && $0.path == words[1] && $0.redirected }.count
            #expect(predicted == Int(live)!, "\(words[0]) \(words[1])")
            checked += 1
        }
        #expect(checked == 25)
    }

    @Test func apacheThresholdsAreTheCookbooks() {
        #expect(ApacheExprHash.thresholdHex(basisPoints: 100) == "028f5c29")
        #expect(ApacheExprHash.thresholdHex(basisPoints: 500) == "0ccccccd")
        #expect(ApacheExprHash.thresholdHex(basisPoints: 1000) == "1999999a")
        #expect(ApacheExprHash.thresholdHex(basisPoints: 2500) == "40000000")
        #expect(ApacheExprHash.thresholdHex(basisPoints: 5000) == "80000000")
    }

    @Test func nginxEmptyKeyAlwaysFallsInTheFirstPart() {
        #expect(NginxSplitClients.murmurHash2([]) == 0)
        #expect(NginxSplitClients().includes(key: [], basisPoints: 1))
    }

    @Test func caddyShareBecomesKOfMUpstreamsWhenMIsAtMostTen() {
        func single(_ bp: Int) -> [Int] {
            CaddyRolloutPlan(basisPoints: bp).levels.flatMap { [$0.inside, $0.count, $0.hasNext ? 1 : 0] }
        }
        #expect(single(2000) == [1, 5, 0])
        #expect(single(1250) == [1, 8, 0])
        #expect(single(7500) == [3, 4, 0])
        #expect(single(5000) == [1, 2, 0])
    }

    @Test func caddyOtherSharesTakeOneLevelPerDecimalDigit() {
        // 5 % = 1/20: bucket 0 of 10 defers to 1 of 2. 33.33 %: 3, 3, 3, then 3 of 10.
        #expect(CaddyRolloutPlan(basisPoints: 500).levels.map { [$0.count, $0.inside] } == [[10, 0], [2, 1]])
        #expect(CaddyRolloutPlan(basisPoints: 3333).levels.map { [$0.count, $0.inside] } == [[10, 3], [10, 3], [10, 3], [10, 3]])
        #expect(CaddyRolloutPlan(basisPoints: 1).levels.map { [$0.count, $0.inside] } == [[10, 0], [10, 0], [10, 0], [10, 1]])
        // The expected share, taking each level's buckets as equally likely, is exactly the rollout's.
        for bp in 1..<10000 {
            let levels = CaddyRolloutPlan(basisPoints: bp).levels
            #expect(levels.count <= 4 && levels.allSatisfy { (2...10).contains($0.count) })
            var share = 0.0
            var reach = 1.0
            for level in levels {
                share += reach * Double(level.inside) / Double(level.count)
                reach /= Double(level.count)
            }
            if abs(share * 10000 - Double(bp)) > 1e-6 { Issue.record("\(bp) basis points plan a share of \(share)") }
        }
    }

    @Test func caddyPicksTheSocketTheLiveServerPicked() throws {
        // caddy-sockets-observed.txt: "10 rollout-salt:user7919 6" — M sockets, the key, Caddy's choice.
        let text = try String(contentsOfFile: TestSupport.fixture("rollout/caddy-sockets-observed.txt"), encoding: .utf8)
        var checked = 0
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let words = line.split(separator: " ").map(String.init)
            let dials = CaddyRolloutPlan.Level(number: 1, count: Int(words[0])!, inside: 0, hasNext: false).dials
            #expect(CaddyHighestRandomWeight.pick(key: Array(words[1].utf8), upstreams: dials) == Int(words[2])!, "\(line)")
            checked += 1
        }
        #expect(checked == 80)
    }

    @Test(arguments: ServerKind.allCases)
    func ruleRolloutsHitRoughlyTheirShare(server: ServerKind) {
        // 20 % of 4000 synthetic cookie values; a fair hash lands within a few percent.
        var rule = Rule(
            id: "canary", source: try! Source.parse("/x"), target: try! Target.parse("/y", captureCount: 0, sourceIsPrefix: false),
            code: .temporaryRedirect)
        rule.rollout = Rollout(basisPoints: 2000, key: .cookie("uid"))
        let decider = RolloutDecider.forServer(server)
        var inside = 0
        for i in 0..<4000 {
            let request = HTTPRequest(method: "GET", host: "example.com", path: "/x", headers: [.init("Cookie", "uid=u\(i * 7919)")])
            if decider.includes(rule, request) { inside += 1 }
        }
        // Caddy's fnv32a mixes its last bytes weakly; its socket names end in ".sock" so the varying
        // digit is not last, which keeps its share within the same band as the real hashes.
        #expect(abs(inside - 800) < 120, "\(server): \(inside) of 4000")
        // No cookie: never inside a partial rollout.
        #expect(!decider.includes(rule, HTTPRequest(method: "GET", host: "example.com", path: "/x")))
    }

    @Test func saltMakesRolloutsIndependent() {
        var a = Rule(id: "a", source: try! Source.parse("/x"), target: try! Target.parse("/y", captureCount: 0, sourceIsPrefix: false), code: .found)
        a.rollout = Rollout(basisPoints: 5000, key: .header("X-User-Id"))
        var b = a
        b.id = "b"
        var differ = 0
        for i in 0..<400 {
            let r = HTTPRequest(method: "GET", host: "example.com", path: "/x", headers: [.init("X-User-Id", "user\(i)")])
            if RolloutDecider.canonical.includes(a, r) != RolloutDecider.canonical.includes(b, r) { differ += 1 }
        }
        #expect(differ > 120 && differ < 280)
    }
}
