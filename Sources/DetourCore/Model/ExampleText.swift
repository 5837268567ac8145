/// The one-line text of a rule's examples (the CSV `examples` column): `REQUEST => EXPECT` items
/// separated by `; ` (`POST /a => 307 https://example.com/b`). Request headers cannot be written.
public enum ExampleText {
    public struct Failure: Error, Sendable {
        public let message: String
    }

    public static func parse(_ text: String) throws(Failure) -> [RuleExample] {
        var out: [RuleExample] = []
        for item in text.split(separator: ";") {
            let parts = item.split(separator: "=>", maxSplits: 1)
            guard parts.count == 2, let req = RuleExample.parseRequest(String(parts[0])),
                let expect = RuleExample.Expectation.parse(String(parts[1]))
            else {
                throw Failure(message: "'\(item.trimmingSpacesSub())' is not 'METHOD URL => CODE LOCATION' or 'METHOD URL => origin'")
            }
            out.append(RuleExample(method: req.method, url: req.url, expect: expect))
        }
        return out
    }

    public static func format(_ examples: [RuleExample]) -> String {
        examples.map { "\($0.requestText) => \($0.expect.description)" }.joined(separator: "; ")
    }
}
