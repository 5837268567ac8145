/// The export directory as configurations write it: standalone configs keep every runtime path
/// in it (pid file, logs, includes, map files, document root), so it is written into server
/// syntax like rule text. A control character (a line break, NUL) would start a new directive in
/// every grammar Detour writes, so such a directory is refused for every server; characters a
/// server's quoting cannot hold are refused by that server's syntax with `refusal`.
enum ExportDirectory {
    /// Refuses a directory no configuration can hold, naming it and the character.
    static func check(_ directory: String) throws {
        if let control = URLText.firstControl(in: directory) {
            throw ExportRefusal(errors: [refusal(directory, holds: control, server: "any server", why: "it would end the directive")])
        }
    }

    /// The error for a directory that `server`'s configuration syntax cannot hold.
    static func refusal(_ directory: String, holds what: String, server: String, why: String) -> ExportError {
        .invalidOption(
            "the export directory \(directory.debugEscaped) contains \(what), which \(server)'s configuration cannot hold (\(why)); export to another directory (-o)"
        )
    }
}
