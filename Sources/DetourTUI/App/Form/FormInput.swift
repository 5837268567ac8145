/// One field's editor: free text, or a choice among fixed options.
public enum FormInput: Sendable, Hashable {
    case text(TextField)
    case choice(options: [String], selected: Int)

    public var value: String {
        switch self {
        case .text(let f): return f.text
        case .choice(let o, let s): return o[s]
        }
    }
}
