/// Fitting text into a number of cells with `…`.
public enum Truncation {
    /// `s` cut at the end to at most `width` cells, with `…` when something was cut.
    public static func end(_ s: String, width: Int) -> String {
        guard width > 0 else { return "" }
        if s.utf8.count <= width && s.utf8.allSatisfy({ $0 < 0x80 }) { return s }
        if TextWidth.of(s) <= width { return s }
        var out = ""
        var used = 0
        for c in s {
            let w = TextWidth.of(c)
            if used + w > width - 1 { break }
            out.append(c)
            used += w
        }
        return out + "…"
    }

    /// `s` cut in the middle to at most `width` cells, keeping the head and the tail: the host of
    /// a URL and the end of its path stay visible.
    public static func middle(_ s: String, width: Int) -> String {
        guard width > 0 else { return "" }
        if TextWidth.of(s) <= width { return s }
        if width == 1 { return "…" }
        let chars = Array(s)
        let budget = width - 1
        let headBudget = (budget + 1) / 2
        var head = ""
        var used = 0
        var i = 0
        while i < chars.count, used + TextWidth.of(chars[i]) <= headBudget {
            head.append(chars[i])
            used += TextWidth.of(chars[i])
            i += 1
        }
        // A wide character that did not fit the head leaves its cell to the tail.
        let tailBudget = budget - used
        var tail: [Character] = []
        var tailUsed = 0
        var j = chars.count - 1
        while j >= i, tailUsed + TextWidth.of(chars[j]) <= tailBudget {
            tail.append(chars[j])
            tailUsed += TextWidth.of(chars[j])
            j -= 1
        }
        return head + "…" + String(tail.reversed())
    }

    /// `s` padded with spaces (or cut) to exactly `width` cells.
    public static func pad(_ s: String, width: Int) -> String {
        let t = end(s, width: width)
        let w = TextWidth.of(t)
        return w < width ? t + String(repeating: " ", count: width - w) : t
    }
}
