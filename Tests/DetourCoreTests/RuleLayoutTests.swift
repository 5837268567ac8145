import Testing

@testable import DetourCore

/// A 10⁶-rule map is mostly `Rule` values side by side: their inline size is most of the memory
/// bar (≤ 400 B per exact rule, measured by `detour-bench files`), so growing them is a regression.
struct RuleLayoutTests {
    @Test func aRuleAndItsSourceStayCompact() {
        #expect(MemoryLayout<Source>.stride == 24, "text plus one word for the boxed shape")
        #expect(MemoryLayout<Target>.stride == 24, "text plus the parts array")
        #expect(MemoryLayout<Rule>.stride == 80)
    }

    @Test func theBoxedShapeStillAnswersKindAndQuery() throws {
        let plain = try Source.parse("/old/page")
        #expect(plain.kind == .exact("/old/page") && plain.query.isEmpty)
        let withQuery = try Source.parse("/index.php?id=*")
        #expect(withQuery.kind == .exact("/index.php"))
        #expect(withQuery.query == [Condition(kind: .query, name: "id", value: .present)])
        let prefix = try Source.parse("/blog/*")
        #expect(prefix.kind == .prefix("/blog/"))
        #expect(plain != Source(kind: .exact("/old/page"), query: [Condition(kind: .query, name: "a", value: .present)], text: "/old/page"))
    }
}
