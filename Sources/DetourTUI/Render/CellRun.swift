/// A horizontal run of changed cells.
public struct CellRun: Sendable, Hashable {
    public let x: Int
    public let y: Int
    public let count: Int
}
