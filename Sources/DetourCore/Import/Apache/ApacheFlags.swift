/// The `[FLAG,FLAG=value]` argument of `RewriteRule` and `RewriteCond`.
enum ApacheFlags {
    struct Flag: Equatable {
        let name: String
        let value: String?
    }

    /// Splits `[R=301,L]`; a missing bracket is a positioned error on that argument.
    static func split(_ text: String, directive d: ApacheDirective, argument: Int) throws -> [Flag] {
        guard text.hasPrefix("["), text.hasSuffix("]"), text.count >= 2 else {
            throw ImportError(
                file: d.file, line: d.line, column: d.argColumns[argument],
                message: "flags must be written in brackets, like [R=301,L]; found '\(text)'")
        }
        return text.dropFirst().dropLast().split(separator: ",").map { item in
            let parts = item.split(separator: "=", maxSplits: 1)
            return Flag(name: String(parts[0]).trimmingSpaces(), value: parts.count == 2 ? String(parts[1]) : nil)
        }
    }
}
