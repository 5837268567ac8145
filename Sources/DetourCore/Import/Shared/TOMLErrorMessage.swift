/// toml++'s "Error while parsing table header: expected ']', saw '\\n'" in Detour's words
/// (the position already says where).
enum TOMLErrorMessage {
    static func clean(_ description: String) -> String {
        var text = Substring(description)
        if text.hasPrefix("Error while parsing "), let colon = text.firstRange(of: ": ") { text = text[colon.upperBound...] }
        return String(text.replacing(", saw ", with: ", found "))
    }
}
