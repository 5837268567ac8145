import Testing

@testable import DetourCore

/// The shortcut that lets plain exact rules skip full preparation for the nginx export: it must
/// take exactly the rules full preparation would turn into map entries (or leave a rule to full
/// preparation), with the same texts, and the duplicate-path table must keep the first rule of
/// each path within a run.
@Suite struct ExactEntryTests {
    typealias SplitMix = MatchingPropertyTests.SplitMix

    static let site: SiteSettings = {
        var s = SiteSettings()
        s.hosts = [.exact("example.com")]
        return s
    }()

    static func rule(_ n: Int, source: String, target: String, cache: CachePolicy = .none, query: QueryMode = .keep) -> Rule {
        var r = Rule(
            id: "r\(n)", source: Source(kind: .exact(source), text: source), target: Target(parts: [.literal(target)], text: target), code: .found)
        r.cache = cache
        r.query = query
        return r
    }

    /// Awkward text: escapes, quotes, `$`, `#`, `?`, spaces, non-ASCII and control characters.
    static func randomText(_ rng: inout SplitMix) -> String {
        let pieces = [
            "/", "a", "Z", "9", "-", "%41", "%2f", "%zz", "%", "$", "\\", "\"", "#", "?", "&", "=", " ", "é", "ü", "{x}", ";", "'", "|", "<", "\n",
            "\r", "\t", "\u{7f}", "\u{85}", "~", "+", "%7E"
        ]
        var s = "/"
        for _ in 0..<Int(rng.next() % 8) { s += pieces[Int(rng.next() % UInt64(pieces.count))] }
        return s
    }

    @Test("a plain exact rule taken straight from the rule gives the entry full preparation gives, or goes to full preparation")
    func shortcutAgreesWithFullPreparation() throws {
        var rng = SplitMix(state: 0x5eed)
        var shortcuts = 0
        let caches: [CachePolicy] = [.none, .noStore, .maxAge(60)]
        for n in 0..<4000 {
            let r = Self.rule(
                n, source: Self.randomText(&rng), target: Self.randomText(&rng), cache: caches[n % 3], query: n % 2 == 0 ? .keep : .drop)
            let blocked = n % 5 == 0 ? ExportFeatureSet([.cacheHeader]) : ExportFeatureSet()
            let entry = ExactEntry.of(r, index: n, site: Self.site, blocked: blocked)
            let prepared = try? PreparedRule(rule: r, line: n + 1, index: n, site: Self.site)
            guard let entry else { continue }
            shortcuts += 1
            let p = try #require(prepared, "the shortcut took \(r.source.text.debugDescription), which full preparation refuses")
            #expect(p.isMapEntry)
            #expect(!(n % 5 == 0 && r.cache != .none), "a blocked feature must send the rule to full preparation")
            let full = ExactEntry(p)
            #expect(entry.path == full.path && entry.pathHash == full.pathHash, "path of \(r.source.text.debugDescription)")
            #expect(entry.target == full.target, "target of \(r.target.text.debugDescription)")
            #expect(entry.cache == full.cache && entry.code == full.code && entry.index == full.index)
            #expect(entry.keepsQuery == full.keepsQuery && entry.targetHasQuery == full.targetHasQuery && entry.needsEscaping == full.needsEscaping)
        }
        // The generator must exercise the shortcut, not only its refusals.
        #expect(shortcuts > 500)
    }

    @Test("rules that are not plain exact map entries are left to full preparation")
    func nonEntriesAreNotShortcut() {
        var withHost = Self.rule(1, source: "/a", target: "/b")
        withHost.host = .exact("example.com")
        var withWindow = Self.rule(2, source: "/a", target: "/b")
        withWindow.expires = Timestamp(secondsSinceEpoch: 4_000_000_000)
        var withMethods = Self.rule(3, source: "/a", target: "/b")
        withMethods.methods = ["POST"]
        let fragment = Self.rule(4, source: "/a", target: "/b#top")
        let control = Self.rule(5, source: "/a\n", target: "/b")
        for r in [withHost, withWindow, withMethods, fragment, control] {
            #expect(ExactEntry.of(r, index: 0, site: Self.site, blocked: ExportFeatureSet()) == nil, "\(r.id)")
        }
    }

    @Test("within a run the first rule of a repeated path wins; each run is deduplicated on its own")
    func runsDropRepeatedPaths() throws {
        func entry(_ n: Int, _ path: String, code: StatusCode = .found) throws -> PlanItem {
            var r = Self.rule(n, source: path, target: "/t\(n)")
            r.code = code
            return .entry(try #require(ExactEntry.of(r, index: n, site: Self.site, blocked: ExportFeatureSet())))
        }
        let prefix = Rule(
            id: "p", source: Source(kind: .prefix("/p/"), text: "/p/*"), target: Target(parts: [.literal("/q")], text: "/q"), code: .found)
        let items: [PlanItem] = [
            try entry(0, "/x"), try entry(1, "/y", code: .movedPermanently), try entry(2, "/x"), try entry(3, "/z"), try entry(4, "/y"),
            .rule(try PreparedRule(rule: prefix, line: 6, index: 5, site: Self.site)),
            try entry(6, "/x")
        ]
        let runs = ExactEntryRuns(items, key: { $0.code }, lineLength: { $0.path.utf8Count })
        #expect(runs.runs.count == 2)
        #expect(runs.runs[0].start == 0 && runs.runs[0].end == 5 && runs.runs[1].start == 6 && runs.runs[1].end == 7)
        // Groups in order of first appearance; later copies of /x and /y dropped.
        #expect(runs.runs[0].groups.map(\.key) == [302, 301])
        #expect(runs.runs[0].groups.map(\.members) == [[0, 3], [1]])
        #expect(runs.runs[0].groups.map(\.byteCount) == [4, 2])
        #expect(runs.runs[1].groups.map(\.members) == [[6]])
        #expect(runs.keptCount == 4 && runs.longestPath == 2)
    }

    @Test("the duplicate-path table agrees with a Set on many paths, repeats and hash-alike lengths")
    func pathTableAgreesWithSet() {
        var rng = SplitMix(state: 7)
        var paths: [String] = []
        for n in 0..<20_000 {
            // Every fourth path repeats an earlier one; lengths straddle the 8-byte hash blocks.
            if n % 4 == 3, !paths.isEmpty {
                paths.append(paths[Int(rng.next() % UInt64(paths.count))])
                continue
            }
            paths.append(String(repeating: "/seg", count: Int(rng.next() % 5)) + "/\(rng.next() % 50_000)")
        }
        var table = ExactPathTable(capacity: paths.count)
        var set = Set<String>()
        for (i, p) in paths.enumerated() {
            let first = table.insert(i, hash: ExactPathTable.hash(p)) { paths[$0] == p }
            #expect(first == set.insert(p).inserted, "\(p)")
        }
    }

    @Test("an exported file built from bytes reads and compares like one built from text")
    func exportedFileForms() {
        let text = "map $detour_path $detour_g1 {\n  \"/caf%C3%A9\" \"/caf%C3%A9 /x\";\n}\n"
        let fromText = ExportedFile(name: "detour-http.conf", contents: text)
        let fromBytes = ExportedFile(name: "detour-http.conf", bytes: Array(text.utf8))
        #expect(fromBytes.contents == text)
        #expect(fromBytes.bytes == fromText.bytes && fromBytes.byteCount == text.utf8.count)
        #expect(fromBytes == fromText && fromBytes.hashValue == fromText.hashValue)
        #expect(fromBytes != ExportedFile(name: "other", bytes: Array(text.utf8)))
    }
}
