/// One directive of an nginx configuration as written: its name, arguments (quotes removed,
/// escapes resolved), where it stands, the `#` comment lines directly above it, and its block
/// (`server { … }`) when it has one. Included files appear in place of their `include`.
public struct NginxDirective: Sendable, Equatable {
    /// One argument; `quoted` because `"~"` and `~` differ where nginx reads modifiers.
    public struct Argument: Sendable, Equatable {
        public let text: String
        public let quoted: Bool
    }

    public let name: String
    public let arguments: [Argument]
    public let file: String
    public let line: Int
    public let column: Int
    /// Comment lines immediately above (no blank line between), without `#`.
    public let comments: [String]
    /// nil for a simple directive ending in `;`.
    public var block: [NginxDirective]?

    /// The argument texts.
    public var args: [String] { arguments.map(\.text) }

    /// `name arg1 arg2` as a report names the construct.
    public var summary: String {
        let text = ([name] + arguments.map { $0.quoted || $0.text.isEmpty || $0.text.contains(" ") ? "\"\($0.text)\"" : $0.text }).joined(
            separator: " ")
        return text.count > 90 ? String(text.prefix(87)) + "…" : text
    }
}
