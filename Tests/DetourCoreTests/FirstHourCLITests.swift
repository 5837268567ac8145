import Foundation
import Testing

@testable import DetourCore

/// What a new user met in the first hour (issue 18 items 2–5 and 8), through the built binary:
/// conversions that keep the site, verdicts that agree with each other, why a request reached the
/// origin, the version, and the rules listing.
struct FirstHourCLITests {
    static func scratch() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("detour-firsthour-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func write(_ text: String, _ name: String, in dir: String) throws -> String {
        let path = dir + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let siteYAML = """
        site:
          hosts: [example.com, www.example.com]
          allow: [cdn.example.net]
          trailing_slash: fold
          exports:
            - {to: nginx}
        rules:
          - id: www
            source: /old
            target: https://www.example.com/new
            code: 301
          - id: cdn
            source: /asset
            target: https://cdn.example.net/asset
            code: 302
        """

    // MARK: - convert keeps the site

    @Test func yamlToCSVToYAMLKeepsTheSite() throws {
        let dir = try Self.scratch()
        let yaml = try Self.write(Self.siteYAML, "site.yaml", in: dir)
        let convert = try CLIRunner.run(["convert", yaml, dir + "/site.csv"])
        #expect(convert.status == 0, "\(convert.stderr)")
        let csv = try String(contentsOfFile: dir + "/site.csv", encoding: .utf8)
        #expect(csv.hasPrefix("# site.hosts: example.com, www.example.com\n# site.allow: cdn.example.net\n# site.trailing_slash: fold\n"))
        #expect(csv.contains("# site.exports: nginx\nid,source,target,code\n"))
        let back = try CLIRunner.run(["convert", dir + "/site.csv", dir + "/back.yaml"])
        #expect(back.status == 0, "\(back.stderr)")
        let original = try RuleFileDocument.load(path: yaml).ruleSet
        let roundTripped = try RuleFileDocument.load(path: dir + "/back.yaml").ruleSet
        #expect(roundTripped.site == original.site)
        #expect(roundTripped.rules == original.rules)
    }

    @Test func checkOnTheConvertedCSVSeesTheSiteHosts() throws {
        let dir = try Self.scratch()
        // Without trailing_slash: fold, which nginx (the site's export) cannot enforce (DT080).
        let yaml = try Self.write(Self.siteYAML.replacingOccurrences(of: "  trailing_slash: fold\n", with: ""), "site.yaml", in: dir)
        _ = try CLIRunner.run(["convert", yaml, dir + "/site.csv"])
        let check = try CLIRunner.run(["check", dir + "/site.csv", "--format", "json", "--now", "2026-06-01T00:00:00Z"])
        #expect(!check.stdout.contains("DT001"), "a target on the site's own host or an allowed host is no open redirect: \(check.stdout)")
        #expect(check.status == 0, "\(check.stdout)")
    }

    @Test func aBadSiteLineIsAnErrorAtItsPosition() throws {
        let dir = try Self.scratch()
        let csv = try Self.write("# a comment\n# site.hots: example.com\nsource,target,code\n/a,/b,301\n", "bad.csv", in: dir)
        let r = try CLIRunner.run(["list", csv])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(csv):2:1: unknown site setting 'site.hots'; did you mean 'hosts'?"), "\(r.stderr)")
        let value = try Self.write("# site.scheme: ftp\nsource,target,code\n/a,/b,301\n", "value.csv", in: dir)
        let v = try CLIRunner.run(["list", value])
        #expect(v.stderr.contains("\(value):1:16: site.scheme: must be http or https, found 'ftp'"), "\(v.stderr)")
    }

    @Test func aSaveKeepsTheCommentsAndTheSiteLines() throws {
        let dir = try Self.scratch()
        let text = "# bulk map for the shop\n# site.hosts: shop.example\nid,source,target,code\nr1,/a,/b,301\nr2,/c,/d,301\n"
        let path = try Self.write(text, "bulk.csv", in: dir)
        var doc = try RuleFileDocument.load(path: path)
        #expect(doc.ruleSet.site.hosts == [HostPattern(text: "shop.example")!])
        #expect(doc.ruleSet.lines == [4, 5])
        var set = doc.ruleSet
        set.rules[1].code = .found
        try doc.save(set)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text.replacingOccurrences(of: "r2,/c,/d,301", with: "r2,/c,/d,302"))
        set.site.hosts.append(HostPattern(text: "www.shop.example")!)
        try doc.save(set)
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(saved.hasPrefix("# bulk map for the shop\n# site.hosts: shop.example, www.shop.example\nid,source,target,code\n"))
    }

    @Test func theBulkLoaderReadsTheSiteLinesOfALargeFile() throws {
        // Over the 4 MB threshold, the file is read on every core from a mapping.
        let dir = try Self.scratch()
        var text = "# site.hosts: example.com\n# site.allow: partner.example\nid,source,target,code\n"
        text.reserveCapacity(6 << 20)
        for k in 0..<120_000 { text += "r\(k),/old/item-\(k),/new/item-\(k),301\n" }
        let path = try Self.write(text, "big.csv", in: dir)
        let doc = try RuleFileDocument.load(path: path)
        #expect(doc.ruleSet.rules.count == 120_000)
        #expect(doc.ruleSet.site.allow == [HostPattern(text: "partner.example")!])
        #expect(doc.ruleSet.lines.first == 4)
        #expect(doc.ruleSet.lines.last == 120_003)
    }

    @Test func convertNamesWhatTheCSVCannotCarry() throws {
        let dir = try Self.scratch()
        let yaml = try Self.write(
            """
            # the shop's redirects
            site:
              hosts: [example.com]
              exports:
                - {to: nginx, path: "out dir/nginx"}
            rules:
              - {id: a, source: /a, target: /b, code: 301}
            """, "opts.yaml", in: dir)
        let r = try CLIRunner.run(["convert", yaml, dir + "/opts.csv"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("site.exports nginx option 'path' cannot be written to CSV"), "\(r.stderr)")
        #expect(r.stderr.contains("\(yaml): 1 comment cannot be carried to \(dir)/opts.csv and is left out"), "\(r.stderr)")
    }

    // MARK: - verdicts that agree

    static let loopYAML = """
        site:
          hosts: [example.com]
        rules:
          - {id: a, source: /a, target: /b, code: 301}
          - {id: b, source: /b, target: /a, code: 301}
          - {id: off, source: /off, target: "https://elsewhere.example/x", code: 302}
        """

    @Test func exportRefusesAFileWithErrorFindingsUnlessAllowed() throws {
        let dir = try Self.scratch()
        let yaml = try Self.write(Self.loopYAML, "loop.yaml", in: dir)
        let refused = try CLIRunner.run(["export", yaml, "--to", "nginx", "-o", dir + "/out", "--now", "2026-06-01T00:00:00Z"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("DT010"), "\(refused.stderr)")
        #expect(refused.stderr.contains("export refused: \(yaml) has"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--allow-findings"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
        let allowed = try CLIRunner.run(["export", yaml, "--to", "nginx", "-o", dir + "/out", "--allow-findings", "--now", "2026-06-01T00:00:00Z"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/out"))
    }

    @Test func simulateExitsOneOnALoopAndAHostTheSiteDoesNotAllow() throws {
        let dir = try Self.scratch()
        let yaml = try Self.write(Self.loopYAML, "loop.yaml", in: dir)
        let loop = try CLIRunner.run(["simulate", yaml, "GET", "/a"])
        #expect(loop.status == 1)
        #expect(loop.stdout.contains("outcome  loop"))
        let origin = try CLIRunner.run(["simulate", yaml, "GET", "/elsewhere"])
        #expect(origin.status == 0)
        let external = try CLIRunner.run(["simulate", yaml, "GET", "/off"])
        #expect(external.stdout.contains("outcome  external"))
        #expect(external.status == 1)
        // A host the site allows (site.allow) is a deliberate destination, as `check` sees it.
        let allowed = try CLIRunner.run(["simulate", "examples/api-migration.yaml", "GET", "/api/v1/orders/42"])
        #expect(allowed.stdout.contains("outcome  external"))
        #expect(allowed.status == 0, "\(allowed.stdout)")
    }

    @Test func theStarterFilePassesFmtCheckAndCheck() throws {
        let dir = try Self.scratch()
        let path = dir + "/redirects.yaml"
        #expect(try CLIRunner.run(["new", path]).status == 0)
        let fmt = try CLIRunner.run(["fmt", path, "--check"])
        #expect(fmt.status == 0, "\(fmt.stdout)\(fmt.stderr)")
        let check = try CLIRunner.run(["check", path, "--now", "2026-06-01T00:00:00Z"])
        #expect(check.status == 0, "\(check.stdout)")
    }

    // MARK: - why nothing happened

    static let rolloutYAML = """
        site:
          hosts: [example.com]
        rules:
          - id: beta-home
            source: /
            target: /beta/
            code: 302
            rollout: 10%
          - id: sale
            source: /sale
            target: /offers
            code: 302
            starts: 2026-07-01T00:00:00Z
          - id: fr
            source: /shop
            target: /fr/shop
            code: 302
            when:
              header: {X-Country: FR}
        """

    /// A client address outside the 10 % rollout of `beta-home` under nginx's hash, and its bucket.
    static func outsideClient() -> (ip: String, bucket: Int) {
        let hash = NginxSplitClients()
        for k in 1..<255 {
            let ip = "10.0.0.\(k)"
            let key = RolloutDecider.hashInput(salt: "beta-home", value: ip)
            guard !hash.includes(key: key, basisPoints: 1000) else { continue }
            let least = (1...10000).first { hash.includes(key: key, basisPoints: $0) }!
            return (ip, (least - 1) / 100)
        }
        fatalError("no client outside a 10 % rollout among 254")
    }

    @Test func aRequestOutsideARolloutSaysWhichRuleAndTheBucket() throws {
        let dir = try Self.scratch()
        let yaml = try Self.write(Self.rolloutYAML, "r.yaml", in: dir)
        let (ip, bucket) = Self.outsideClient()
        #expect(bucket >= 10)
        let text = try CLIRunner.run(["simulate", yaml, "GET", "/", "--ip", ip])
        #expect(text.status == 0)
        #expect(text.stdout.contains("served by origin (no rule applies)"))
        #expect(text.stdout.contains("not applied    beta-home (\(yaml):4): outside the 10 % rollout by ip (bucket \(bucket))"), "\(text.stdout)")
        let json = try CLIRunner.run(["simulate", yaml, "GET", "/", "--ip", ip, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["hops"] as? [Any])?.isEmpty == true)
        let missed = try #require(object["not_applied"] as? [[String: Any]])
        #expect(missed.count == 1)
        #expect(missed[0]["rule"] as? String == "beta-home")
        #expect(missed[0]["line"] as? Int == 4)
        #expect(missed[0]["reason"] as? String == "rollout")
        #expect(missed[0]["bucket"] as? Int == bucket)
    }

    @Test func theTimeWindowAndAConditionAreNamed() throws {
        let dir = try Self.scratch()
        let yaml = try Self.write(Self.rolloutYAML, "r.yaml", in: dir)
        let early = try CLIRunner.run(["simulate", yaml, "GET", "/sale", "--at", "2026-06-01T00:00:00Z"])
        #expect(early.stdout.contains("sale (\(yaml):9): outside the time window: starts 2026-07-01T00:00:00Z"), "\(early.stdout)")
        let de = try CLIRunner.run(["simulate", yaml, "GET", "/shop", "-H", "X-Country: DE"])
        #expect(de.stdout.contains("fr (\(yaml):14): condition not met: header:X-Country=FR"), "\(de.stdout)")
    }

    @Test func explainListsEveryRuleConsideredOnEveryHop() throws {
        let dir = try Self.scratch()
        let yaml = try Self.write(
            Self.rolloutYAML + """

                  - id: sale-all
                    source: /sale
                    target: /offers
                    code: 302
                  - id: offers
                    source: /offers
                    target: /o
                    code: 301
                """, "x.yaml", in: dir)
        let r = try CLIRunner.run(["simulate", yaml, "GET", "/sale", "--explain", "--at", "2026-06-01T00:00:00Z"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("considered     sale (\(yaml):9): outside the time window"), "\(r.stdout)")
        #expect(r.stdout.contains("considered     sale-all (\(yaml):20): applies"), "\(r.stdout)")
        #expect(r.stdout.contains("considered     offers (\(yaml):24): applies"), "\(r.stdout)")
        #expect(r.stdout.contains("other rules    "))
        let json = try CLIRunner.run(["simulate", yaml, "GET", "/sale", "--explain", "--format", "json", "--at", "2026-06-01T00:00:00Z"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let explained = try #require(object["explain"] as? [[String: Any]])
        #expect(explained.count == 3)
        let first = try #require(explained[0]["considered"] as? [[String: Any]])
        #expect(first.map { $0["rule"] as? String } == ["sale", "sale-all"])
        #expect(first.map { $0["reason"] as? String } == ["time", "applies"])
    }

    // MARK: - the binary and its listing

    @Test func versionNamesThePackageVersion() throws {
        let r = try CLIRunner.run(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("detour 0.1.0"))
        // Built from a git checkout, it also names the revision.
        #expect(r.stdout.contains("(git "), "\(r.stdout)")
    }

    @Test func listShowsTheConditionText() throws {
        let dir = try Self.scratch()
        let yaml = try Self.write(Self.rolloutYAML, "r.yaml", in: dir)
        let r = try CLIRunner.run(["list", yaml])
        #expect(r.stdout.contains("when=\"header:X-Country=FR\""), "\(r.stdout)")
        #expect(!r.stdout.contains("when=1"))
    }

    @Test func aMistypedCommandSuggestsAnExistingOne() throws {
        let r = try CLIRunner.run(["dif", "a", "b"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("unknown command 'dif'"), "\(r.stderr)")
        #expect(r.stderr.contains("did you mean diff?"), "\(r.stderr)")
    }
}
