import Testing
@testable import DetourCore

@Test func loadsExample() throws {
    let bytes = try AtomicFile.read(TestSupport.example("api-migration.yaml"))
    let f = try YAMLRuleFile.parse(bytes, file: "api-migration.yaml")
    #expect(f.ruleSet.rules.count == 3)
    #expect(f.render(f.ruleSet) == bytes)
    var s = f.ruleSet
    s.rules[1].code = .found
    let out = String(decoding: f.render(s), as: UTF8.self)
    print(out)
    s.rules.swapAt(0, 2)
    s.rules[0].cache = .noStore
    s.rules.append(Rule(id: "new", source: try Source.parse("/x"), target: try Target.parse("/y", captureCount: 0, sourceIsPrefix: false), code: .seeOther))
    print(String(decoding: f.render(s), as: UTF8.self))
}
