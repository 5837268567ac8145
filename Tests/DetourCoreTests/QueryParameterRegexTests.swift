import Foundation
import Testing

@testable import DetourCore

/// The raw-query regex HAProxy and Caddy use for `when: {query: …}` reads the first value of the
/// parameter in the query split at `&` only, raw — as `MatchRequest.queryValue` does.
@Suite struct QueryParameterRegexTests {
    static func matches(_ pattern: String, _ query: String) throws -> Bool {
        let re = try NSRegularExpression(pattern: pattern)
        return re.firstMatch(in: query, range: NSRange(query.startIndex..., in: query)) != nil
    }

    static func detour(_ name: String, _ value: ConditionValue, _ query: String) -> Bool {
        let v = MatchRequest.queryValue(name, in: HTTPRequest(method: "GET", host: "example.com", path: "/", query: query))
        switch value {
        case .present: return v != nil
        case .exact(let e): return v == e
        case .regex: return false
        }
    }

    @Test(arguments: [
        "v=a;b", "v=a", "v=a;b&w=1", "x=1;v=a;b", "x=1&v=c&v=a;b", "v", "v=", "vv=a;b", "v=a%3Bb", "v=a#b", "w=2&v=a;b&v=c", "&&v=a;b",
        "q-1=a+b", "v=a+b", "v=a%2Bb", "=v&v=a;b", "v;x=1&v=a;b"
    ])
    func agreesWithDetour(query: String) throws {
        for (name, value) in [
            ("v", ConditionValue.exact("a;b")), ("v", .exact("a#b")), ("v", .exact("")), ("v", .present), ("q-1", .exact("a+b")),
            ("v", .exact("a+b"))
        ] {
            let re = try #require(QueryParameterRegex.pattern(name: name, value: value))
            #expect(try Self.matches(re, query) == Self.detour(name, value, query), "\(name)=\(value) on \(query): \(re)")
        }
    }
}
