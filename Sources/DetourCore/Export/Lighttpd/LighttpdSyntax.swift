/// lighttpd.conf string literals for paths in the export directory: the tokenizer reads `\"` as a
/// quote inside a string and every other byte as itself, so `"` is written `\"` and a backslash
/// (which would turn the closing quote into `\"`) cannot be written.
enum LighttpdSyntax {
    static func quotedPath(_ path: String, directory: String) throws -> String {
        if path.containsByte(0x5c) {
            throw ExportDirectory.refusal(directory, holds: "a backslash", server: "lighttpd", why: "it would escape the closing quote")
        }
        return "\"" + path.replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
