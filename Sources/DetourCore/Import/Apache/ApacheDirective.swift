/// One directive of an Apache httpd configuration as written: its name (as spelled), arguments
/// (quotes removed), where it stands, the `#` comment lines directly above it, and, for a section
/// (`<VirtualHost *:80> … </VirtualHost>`), the directives inside. Included files appear in place
/// of their `Include`.
public struct ApacheDirective: Sendable, Equatable {
    public let name: String
    public let args: [String]
    public let file: String
    public let line: Int
    public let column: Int
    /// The column of each argument, for positioned errors about one of them.
    public let argColumns: [Int]
    /// Comment lines immediately above (no blank line between), without `#`.
    public let comments: [String]
    /// The directives of a section; nil for a simple directive.
    public var block: [ApacheDirective]?

    /// The name lower-cased: Apache directive and section names ignore case.
    public var key: String { name.lowercased() }

    /// `Name arg1 arg2` as a report names the construct.
    public var summary: String {
        let words = args.map { $0.isEmpty || $0.contains(" ") ? "\"\($0)\"" : $0 }
        let text = block == nil ? ([name] + words).joined(separator: " ") : "<" + ([name] + words).joined(separator: " ") + ">"
        return text.count > 90 ? String(text.prefix(87)) + "…" : text
    }
}
