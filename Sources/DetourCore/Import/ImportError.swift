/// Input an importer cannot read at all: a file that cannot be opened, or syntax it cannot parse
/// (a truncated block, an unclosed quote). Printed as `FILE:LINE:COLUMN: message`.
public struct ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int
    public let message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `FILE:LINE:COLUMN: message`, or `FILE: message` for a file that could not be read at all.
    public var description: String { line == 0 ? "\(file): \(message)" : "\(file):\(line):\(column): \(message)" }
}
