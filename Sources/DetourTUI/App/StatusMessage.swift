/// A line of feedback at the bottom of the screen.
public struct StatusMessage: Sendable, Equatable {
    public enum Kind: Sendable { case info, error }
    public let text: String
    public let kind: Kind
    public static func info(_ t: String) -> StatusMessage { StatusMessage(text: t, kind: .info) }
    public static func error(_ t: String) -> StatusMessage { StatusMessage(text: t, kind: .error) }
}
