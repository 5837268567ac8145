/// The characters that give a regex's text its structure: those outside escapes (`\x`) and
/// bracket classes (`[...]`), each with its offset (in characters) and the group depth before it.
/// The importers split alternatives, find where a group closes and look for anchors with it,
/// instead of each walking the text past escapes and classes again.
struct RegexTextStructure {
    struct Mark {
        let offset: Int
        let character: Character
        let depth: Int
    }

    let characters: [Character]
    let marks: [Mark]

    init(_ text: some StringProtocol) {
        characters = Array(text)
        var marks: [Mark] = []
        var depth = 0
        var inClass = false
        var i = 0
        while i < characters.count {
            let c = characters[i]
            if c == "\\" {
                i += 2
                continue
            }
            if inClass {
                if c == "]" { inClass = false }
            } else if c == "[" {
                inClass = true
            } else {
                marks.append(Mark(offset: i, character: c, depth: depth))
                if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
            }
            i += 1
        }
        self.marks = marks
    }

    /// The `|`-separated parts outside groups and classes.
    var topLevelAlternatives: [String] {
        var parts: [String] = []
        var start = 0
        for m in marks where m.character == "|" && m.depth == 0 {
            parts.append(String(characters[start..<m.offset]))
            start = m.offset + 1
        }
        parts.append(String(characters[start...]))
        return parts
    }

    /// The offset of the `)` that closes the `(` at `open`; nil when it does not close.
    func closingParen(of open: Int) -> Int? {
        guard let depth = marks.first(where: { $0.offset == open && $0.character == "(" })?.depth else { return nil }
        return marks.first { $0.offset > open && $0.character == ")" && $0.depth == depth + 1 }?.offset
    }

    /// Whether a group captures: a `(` not followed by `?`.
    var hasCapturingGroup: Bool {
        marks.contains { $0.character == "(" && ($0.offset + 1 >= characters.count || characters[$0.offset + 1] != "?") }
    }

    /// Whether `c` stands outside escapes and classes (`$` as an anchor, not `\$` or `[$]`).
    func contains(_ c: Character) -> Bool { marks.contains { $0.character == c } }
}
