/// An nginx `map $uri $name { … }` (or `$request_uri`): the table a `return 301 $name;` looks its
/// target up in. nginx tries the exact keys first (a hash), then the `~`/`~*` regex keys in file
/// order; `default` answers the rest.
struct NginxMapTable {
    struct Entry {
        let key: String
        let value: String
        /// nil for an exact key.
        let regex: (pattern: String, caseless: Bool)?
        let directive: NginxDirective
    }

    let source: String
    let variable: String
    let directive: NginxDirective
    var exact: [Entry] = []
    var regexes: [Entry] = []
    var defaultValue = ""
    /// Entries the table cannot hand to the importer, with why.
    var refused: [(NginxDirective, ImportWhy)] = []

    /// Reads `map SOURCE $VARIABLE { … }`; nil when it is not a map of a request path.
    static func parse(_ d: NginxDirective) -> NginxMapTable? {
        guard d.args.count == 2, let block = d.block, d.args[1].hasPrefix("$") else { return nil }
        var table = NginxMapTable(source: d.args[0], variable: String(d.args[1].dropFirst()), directive: d)
        for e in block {
            if e.name == "hostnames" || e.name == "volatile" { continue }
            guard e.args.count == 1, e.block == nil else {
                table.refused.append((e, ImportWhy("a map entry is a key and one value")))
                continue
            }
            let key = e.name
            let value = e.args[0]
            if key == "default" {
                table.defaultValue = value
                continue
            }
            if key.hasPrefix("~*") {
                table.regexes.append(Entry(key: key, value: value, regex: (String(key.dropFirst(2)), true), directive: e))
            } else if key.hasPrefix("~") {
                table.regexes.append(Entry(key: key, value: value, regex: (String(key.dropFirst()), false), directive: e))
            } else {
                // `\~` escapes a key that starts with a tilde; the parser kept the backslash.
                let k = key.hasPrefix("\\~") ? String(key.dropFirst()) : key
                table.exact.append(Entry(key: k, value: value, regex: nil, directive: e))
            }
        }
        return table
    }
}
