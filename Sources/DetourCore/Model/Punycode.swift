/// The Punycode encoding of RFC 3492 (a Unicode label as the ASCII letters, digits and hyphens
/// after `xn--`), and IDNA's `ToASCII` of a host name built on it (UTS #46, non-transitional, as
/// browsers apply it): how a target `https://bücher.example/` reaches the wire as
/// `https://xn--bcher-kva.example/`. No allowed package provides it.
public enum Punycode {
    // RFC 3492 §5: the parameters of Punycode.
    private static let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700, initialBias = 72, initialN = 128

    /// The Punycode of `scalars` (without the `xn--` prefix); nil on overflow.
    public static func encode(_ scalars: [Unicode.Scalar]) -> String? {
        let input = scalars.map { Int($0.value) }
        var output: [UInt8] = input.filter { $0 < 0x80 }.map { UInt8($0) }
        let basicCount = output.count
        var handled = basicCount
        if basicCount > 0 { output.append(0x2d) }
        var n = initialN
        var delta = 0
        var bias = initialBias
        while handled < input.count {
            // The smallest code point not yet handled.
            guard let m = input.filter({ $0 >= n }).min() else { break }
            let (product, overflow) = (m - n).multipliedReportingOverflow(by: handled + 1)
            guard !overflow, delta <= Int(Int32.max) - product else { return nil }
            delta += product
            n = m
            for c in input {
                if c < n {
                    delta += 1
                    guard delta <= Int(Int32.max) else { return nil }
                }
                guard c == n else { continue }
                var q = delta
                var k = base
                while true {
                    let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                    if q < t { break }
                    output.append(digit(t + (q - t) % (base - t)))
                    q = (q - t) / (base - t)
                    k += base
                }
                output.append(digit(q))
                bias = adapt(delta, handled + 1, handled == basicCount)
                delta = 0
                handled += 1
            }
            delta += 1
            n += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func digit(_ d: Int) -> UInt8 { UInt8(d < 26 ? 0x61 + d : 0x30 + d - 26) }

    private static func adapt(_ delta: Int, _ count: Int, _ first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / count
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    /// The ASCII form of a host name: labels separated by any of the dots UTS #46 maps to `.`,
    /// each lower-cased, and each label with a non-ASCII character written as `xn--` and its
    /// Punycode. An ASCII name comes back lower-cased. nil when a label cannot be encoded or the
    /// result is not a valid host name.
    public static func toASCII(host: String) -> String? {
        if host.utf8.allSatisfy({ $0 < 0x80 }) { return HostPattern.isValidHostName(host) ? host.lowercased() : nil }
        let dots: Set<Unicode.Scalar> = [".", "\u{3002}", "\u{FF0E}", "\u{FF61}"]
        var labels: [String] = []
        var label: [Unicode.Scalar] = []
        func flush() -> Bool {
            defer { label = [] }
            let lowered = Array(String(String.UnicodeScalarView(label)).lowercased().unicodeScalars)
            if lowered.allSatisfy({ $0.isASCII }) {
                labels.append(String(String.UnicodeScalarView(lowered)))
                return true
            }
            // A character no host may hold (a space, a control, a slash) is refused, not encoded.
            guard lowered.allSatisfy({ $0.value >= 0x80 || isHostASCII($0) }), let p = encode(lowered) else { return false }
            labels.append("xn--" + p)
            return true
        }
        for s in host.unicodeScalars {
            if dots.contains(s) {
                guard flush() else { return nil }
            } else {
                label.append(s)
            }
        }
        guard flush() else { return nil }
        let out = labels.joined(separator: ".")
        return HostPattern.isValidHostName(out) ? out : nil
    }

    private static func isHostASCII(_ s: Unicode.Scalar) -> Bool {
        (s >= "a" && s <= "z") || (s >= "0" && s <= "9") || s == "-" || s == "_"
    }
}
