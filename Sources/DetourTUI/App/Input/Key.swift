/// A key press as the app sees it, independent of curses. Names are lowercase text in the style
/// of bubbles: `j`, `ctrl+s`, `shift+tab`, `pgdown`, `esc`, `space`.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    /// A printable character (space included).
    case char(Character)
    /// Ctrl with a letter (`ctrl+s`); raw mode delivers ctrl+c, ctrl+s, ctrl+z as keys.
    case ctrl(Character)
    /// Alt (or Esc quickly followed) with a character.
    case alt(Character)
    case enter, esc, tab, backTab, backspace, delete
    case up, down, left, right, home, end, pageUp, pageDown

    public var description: String { name }

    public var name: String {
        switch self {
        case .char(" "): return "space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "ctrl+" + String(c)
        case .alt(let c): return "alt+" + String(c)
        case .enter: return "enter"
        case .esc: return "esc"
        case .tab: return "tab"
        case .backTab: return "shift+tab"
        case .backspace: return "backspace"
        case .delete: return "delete"
        case .up: return "up"
        case .down: return "down"
        case .left: return "left"
        case .right: return "right"
        case .home: return "home"
        case .end: return "end"
        case .pageUp: return "pgup"
        case .pageDown: return "pgdown"
        }
    }

    /// The key a name denotes (the inverse of `name`), for tests and docs.
    public init?(name: String) {
        let named: [String: Key] = [
            "space": .char(" "), "enter": .enter, "esc": .esc, "tab": .tab, "shift+tab": .backTab,
            "backspace": .backspace, "delete": .delete, "up": .up, "down": .down, "left": .left,
            "right": .right, "home": .home, "end": .end, "pgup": .pageUp, "pgdown": .pageDown
        ]
        if let k = named[name] {
            self = k
            return
        }
        if name.hasPrefix("ctrl+"), name.count == 6 {
            self = .ctrl(name.last!)
            return
        }
        if name.hasPrefix("alt+"), name.count == 5 {
            self = .alt(name.last!)
            return
        }
        if name.count == 1 {
            self = .char(name.first!)
            return
        }
        return nil
    }

    /// How the hint bar and help show it (`^S` reads shorter than `ctrl+s`).
    public var shortName: String {
        switch self {
        case .ctrl(let c): return "^" + c.uppercased()
        case .up: return "↑"
        case .down: return "↓"
        default: return name
        }
    }
}
