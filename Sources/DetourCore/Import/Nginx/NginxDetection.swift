extension NginxImporter {
    /// nginx configuration: directives ending in `;` or opening `{`, and at least one of nginx's
    /// own (`server {`, `location`, `server_name`, `return 30x`, `rewrite`).
    public func detect(contents: String, path: String) -> Bool {
        var own = 0
        var other = 0
        for line in ImportDetection.directiveLines(contents) {
            let word = ImportDetection.firstWord(line)
            let shaped = line.hasSuffix(";") || line.hasSuffix("{") || line == "}"
            if ["server", "location", "server_name", "return", "rewrite", "http", "listen", "map"].contains(word) && shaped {
                own += 1
            } else if !shaped {
                other += 1
            }
        }
        return own > 0 && other <= own
    }
}
