/// Makes rule text safe to draw: control characters become visible symbols, so a rule file can
/// never send escape sequences to the terminal.
public enum Sanitizer {
    /// `s` with C0/C1 controls and DEL replaced by Unicode control pictures (`␛` for ESC) or `\xNN`.
    public static func visible(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isControl) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            if u.value < 0x20 {
                out.append(Unicode.Scalar(0x2400 + u.value)!)
            } else if u.value == 0x7F {
                out.append("\u{2421}")
            } else if u.value >= 0x80 && u.value < 0xA0 {
                out.append(contentsOf: "\\x\(String(u.value, radix: 16))".unicodeScalars)
            } else {
                out.append(u)
            }
        }
        return String(out)
    }

    static func isControl(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || (u.value >= 0x7F && u.value < 0xA0)
    }
}
