import Testing

@testable import DetourCore

@Suite struct DT090ExampleTests {
    @Test func passingExamplesOfTheShippedFile() throws {
        let set = try RuleFileDocument.load(path: TestSupport.example("api-migration.yaml")).ruleSet
        #expect(V.run(ExampleCheck(), set: set).isEmpty)
    }

    @Test func failingExampleNamesWhatItGot() throws {
        let f = try V.run(
            ExampleCheck(),
            """
              - id: a
                source: /a
                target: /b
                code: 301
                examples:
                  - request: GET /a
                    expect: 302 /b
                  - request: GET /a
                    expect: 301 /b
                  - request: GET /zzz
                    expect: origin
              - id: c
                source: /c
                target: /d
                code: 301
                examples:
                  - request: GET /a
                    expect: origin
            """)
        #expect(f.count == 2)
        #expect(f[0].message == "example GET /a expects 302 /b but gets 301 https://example.com/b (rule a)")
        #expect(f[1].rules == ["c"])
        #expect(f[1].witness.first?.path == "/a")
    }
}
