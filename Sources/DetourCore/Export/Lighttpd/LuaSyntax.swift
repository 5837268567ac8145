/// Lua source text for the mod_magnet script: every string literal is written with decimal byte
/// escapes for anything but letters, digits and a few safe marks, so no rule text can end a string
/// or a comment, and a regex is written as a table tree the script's own matcher walks.
enum LuaSyntax {
    static func string(_ text: String) -> String {
        var s = "\""
        for b in text.utf8 {
            if RegexEmitter.isPlain(b) || b == 0x2e || b == 0x3a || b == 0x2c || b == 0x3d || b == 0x26 || b == 0x3f {
                s += String(UnicodeScalar(b))
            } else {
                s += "\\" + String(b).leftPadded(3)
            }
        }
        return s + "\""
    }

    /// A portable regex as nested Lua tables: `{t="set", r={lo,hi,…}}`, `cat`, `alt`, `grp` (n =
    /// capture number), `rep` (min, max), `bol`, `eol`, `emp`.
    static func regex(_ node: RegexNode, excluding: ByteSet = ByteSet()) -> String {
        switch node {
        case .empty: return "{t=\"emp\"}"
        case .startAnchor: return "{t=\"bol\"}"
        case .endAnchor: return "{t=\"eol\"}"
        case .bytes(let set):
            let s = set ∩ excluding.complement
            var ranges: [(Int, Int)] = []
            for m in s.members {
                if let last = ranges.last, last.1 + 1 == Int(m) { ranges[ranges.count - 1].1 = Int(m) } else { ranges.append((Int(m), Int(m))) }
            }
            return "S{" + ranges.map { "\($0.0),\($0.1)" }.joined(separator: ",") + "}"
        case .concat(let parts): return "{t=\"cat\"," + parts.map { regex($0, excluding: excluding) }.joined(separator: ",") + "}"
        case .alternation(let alts): return "{t=\"alt\"," + alts.map { regex($0, excluding: excluding) }.joined(separator: ",") + "}"
        case .group(let inner, let capture): return "{t=\"grp\",n=\(capture.map(String.init) ?? "nil")," + regex(inner, excluding: excluding) + "}"
        case .repetition(let inner, let min, let max):
            return "{t=\"rep\",min=\(min),max=\(max.map(String.init) ?? "nil")," + regex(inner, excluding: excluding) + "}"
        }
    }
}
