/// Regexes that compare fixed-width numbers, for servers without numeric comparison (nginx's time
/// windows over `$msec`). A port of the cookbook's `lt_regex.py`.
enum NumericRegex {
    /// A non-anchored group matching `bound.count`-digit strings numerically below `bound`.
    static func lessThan(_ bound: String) -> String {
        let digits = Array(bound)
        var alts: [String] = []
        for (i, ch) in digits.enumerated() {
            let v = Int(String(ch))!
            if v == 0 { continue }
            let rest = digits.count - i - 1
            let cls = v == 1 ? "0" : "[0-\(v - 1)]"
            let tail = rest == 0 ? "" : (rest == 1 ? "[0-9]" : "[0-9]{\(rest)}")
            alts.append(String(digits[..<i]) + cls + tail)
        }
        return alts.isEmpty ? "(?!)" : "(?:" + alts.joined(separator: "|") + ")"
    }

    /// Epoch seconds as the 10 digits nginx's `$msec` starts with (valid until 2286).
    static func tenDigits(_ t: Timestamp) -> String {
        String(max(0, min(t.secondsSinceEpoch, 9_999_999_999))).leftPadded(10)
    }
}
