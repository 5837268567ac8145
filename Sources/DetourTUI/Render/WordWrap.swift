/// Breaking text into lines of at most a number of cells, at spaces where it can: long
/// explanations (a finding's why, a simulator note) are read whole instead of cut at the edge.
public enum WordWrap {
    /// The lines of `text` no wider than `width` cells; a word wider than a line is split. At most
    /// `limit` lines: the last one shown then ends with `…`.
    public static func lines(_ text: String, width: Int, limit: Int = .max) -> [String] {
        guard width > 1, limit > 0 else { return [] }
        var out: [String] = []
        var line = ""
        var used = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var word = String(word)
            var w = TextWidth.of(word)
            if used > 0 && used + 1 + w <= width {
                line += " " + word
                used += 1 + w
                continue
            }
            if used > 0 {
                out.append(line)
                line = ""
                used = 0
            }
            // A word longer than the whole line is cut into line-wide pieces.
            while w > width {
                var piece = ""
                var pieceWidth = 0
                for c in word {
                    let cw = TextWidth.of(c)
                    if pieceWidth + cw > width { break }
                    piece.append(c)
                    pieceWidth += cw
                }
                out.append(piece)
                word.removeFirst(piece.count)
                w = TextWidth.of(word)
            }
            line = word
            used = w
        }
        if used > 0 { out.append(line) }
        guard out.count > limit else { return out }
        var kept = Array(out.prefix(limit))
        kept[limit - 1] = Truncation.end(kept[limit - 1] + " …", width: width)
        return kept
    }
}
