import Testing

@testable import DetourCore

/// `detour fmt`: canonical form, comments kept, idempotent.
struct FormatterTests {
    let messy = """
        # top comment
        site:
            hosts: [ example.com ]   # ours
        rules:
            # first
            - code: 301     # permanent
              target: '/b'
              source: "/a"
              id: a
              enabled: true   # default, disappears; its comment stays
              query: keep
            - {id: b, source: /c, target: /d, code: 307, rollout: "20", cache: 'no-store'}



            # last
            - id: c
              source: /e
              target: /f
              code: 308
              when:
                # only Germans
                header: {X-Country: DE}
        """

    @Test func formatsCanonicallyAndKeepsEveryComment() throws {
        let f = try TestSupport.yaml(messy)
        let out = String(decoding: f.formatted(), as: UTF8.self)
        #expect(
            out == """
                # top comment
                site:
                  hosts: [example.com]   # ours
                rules:
                  # first
                  - id: a
                    source: /a
                    target: /b
                    code: 301     # permanent
                    # default, disappears; its comment stays
                  - id: b
                    source: /c
                    target: /d
                    code: 307
                    cache: no-store
                    rollout: 20%

                  # last
                  - id: c
                    source: /e
                    target: /f
                    code: 308
                    # only Germans
                    when:
                      header: {X-Country: DE}

                """)
    }

    @Test func formattingIsIdempotentAndMeaningPreserving() throws {
        let f = try TestSupport.yaml(messy)
        let once = f.formatted()
        let g = try YAMLRuleFile.parse(once, file: "x.yaml")
        #expect(g.formatted() == once)
        #expect(g.ruleSet.rules == f.ruleSet.rules)
    }

    @Test func generatedFilesKeepAllCommentsThroughFmt() async throws {
        for seed in 0..<200 {
            let text = RoundTripTests.document(seed: UInt64(seed))
            let f = try TestSupport.yaml(text)
            let out = f.formatted()
            let g = try YAMLRuleFile.parse(out, file: "x.yaml")
            #expect(g.ruleSet.rules == f.ruleSet.rules, "seed \(seed)")
            #expect(g.formatted() == out, "seed \(seed): not idempotent")
            let outText = String(decoding: out, as: UTF8.self)
            for c in f.comments {
                let comment = String(decoding: f.bytes[c], as: UTF8.self)
                #expect(outText.contains(comment), "seed \(seed): lost \(comment)")
            }
        }
    }

    @Test func commentsInsideAnAlreadyCanonicalListStayInPlace() throws {
        let text = """
            rules:
              - id: a
                source: /a
                target: /b
                code: 307
                examples:
                  # the first client
                  - request: GET /a
                    expect: 307 https://example.com/b   # absolute
                  # nobody else
                  - request: POST /z
                    expect: origin

            """
        let f = try TestSupport.yaml(text)
        #expect(String(decoding: f.formatted(), as: UTF8.self) == text)
    }
}
