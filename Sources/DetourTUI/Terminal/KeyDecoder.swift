import CNcurses

/// Turns what `wget_wch` returns into the app's `Key`s. Pure (no curses calls), so it is tested
/// with the raw codes.
public enum KeyDecoder {
    /// Private key codes that `define_key` assigns to the bracketed-paste markers.
    public static let pasteStartCode: Int32 = 0x1001
    public static let pasteEndCode: Int32 = 0x1002

    /// What one `wget_wch` result means.
    public enum Decoded: Equatable, Sendable {
        case key(Key)
        /// ESC: either the Esc key or the start of Alt+key; the caller looks at what follows.
        case escape
        case pasteStart, pasteEnd, mouse, resize
        case ignored
    }

    /// `code` is the character (when `isFunctionKey` is false) or the curses key code.
    public static func decode(_ code: UInt32, isFunctionKey: Bool) -> Decoded {
        if isFunctionKey {
            switch Int32(code) {
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_LEFT: return .key(.left)
            case KEY_RIGHT: return .key(.right)
            case KEY_HOME: return .key(.home)
            case KEY_END: return .key(.end)
            case KEY_NPAGE: return .key(.pageDown)
            case KEY_PPAGE: return .key(.pageUp)
            case KEY_DC: return .key(.delete)
            case KEY_BACKSPACE: return .key(.backspace)
            case KEY_BTAB: return .key(.backTab)
            case KEY_ENTER: return .key(.enter)
            case KEY_RESIZE: return .resize
            case KEY_MOUSE: return .mouse
            case pasteStartCode: return .pasteStart
            case pasteEndCode: return .pasteEnd
            default: return .ignored
            }
        }
        switch code {
        case 27: return .escape
        case 13, 10: return .key(.enter)
        case 9: return .key(.tab)
        case 8, 127: return .key(.backspace)
        case 1...26: return .key(.ctrl(Character(Unicode.Scalar(code + 96)!)))
        case 0, 28...31: return .ignored
        default:
            guard let scalar = Unicode.Scalar(code) else { return .ignored }
            return .key(.char(Character(scalar)))
        }
    }
}
