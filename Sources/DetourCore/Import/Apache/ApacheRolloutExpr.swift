/// `RewriteCond expr "…"` (ap_expr) where it is a percentage rollout: `md5('SALT:' . KEY) < 'T'`
/// with KEY `%{REMOTE_ADDR}` or `%{HTTP:Name}` (guarded by `-n %{HTTP:Name} &&`), or the cookie
/// `%{HTTP_COOKIE} =~ /…name=([^;]*)/ && md5('SALT:$1') < 'T'`. The threshold T is an 8-digit hex
/// text compared with the digest as text, so the share is T / 2³²; it must be a whole number of
/// hundredths of a percent. Any other expression is reported.
enum ApacheRolloutExpr {
    static func meaning(_ expression: String, negated: Bool) -> Result<ApacheRewriteCond.Meaning, ImportWhy> {
        let unknown = ImportWhy("the ap_expr '\(expression)' is not a percentage rollout (md5('salt:' . key) < 'threshold')")
        guard !negated else { return .failure(unknown) }
        var text = Substring(expression.trimmingSpaces())
        var guardHeader: String?
        var cookie: String?
        if text.hasPrefix("-n "), let and = text.range(of: " && ") {
            let tested = text[text.index(text.startIndex, offsetBy: 3)..<and.lowerBound].trimmingSpacesSub()
            guard tested.hasPrefix("%{HTTP:"), tested.hasSuffix("}") else { return .failure(unknown) }
            guardHeader = String(tested.dropFirst(7).dropLast())
            text = text[and.upperBound...]
        } else if text.hasPrefix("%{HTTP_COOKIE} =~ /"), let and = text.range(of: "/ && ") {
            let regex = String(text[text.index(text.startIndex, offsetBy: 19)..<and.lowerBound])
            let probe = ApacheRewriteCond(
                directive: placeholder, testString: "%{HTTP_COOKIE}", pattern: regex, negated: false, caseless: false, orNext: false)
            guard case .cookie(let name)? = ApacheCapture.of(probe) else { return .failure(unknown) }
            cookie = name
            text = text[and.upperBound...]
        }
        guard text.hasPrefix("md5('"), let close = text.range(of: ") < '"), text.hasSuffix("'") else { return .failure(unknown) }
        let inside = text[text.index(text.startIndex, offsetBy: 5)..<close.lowerBound]
        let threshold = String(text[close.upperBound...].dropLast())
        // `SALT:' . KEY` or, for the cookie, `SALT:$1`.
        let key: Rollout.Key
        let salted: Substring
        if let cookie {
            guard inside.hasSuffix(":$1'") else { return .failure(unknown) }
            salted = inside.dropLast(3)
            key = .cookie(cookie)
        } else {
            guard let dot = inside.range(of: "' . ") else { return .failure(unknown) }
            salted = inside[..<dot.lowerBound]
            let k = inside[dot.upperBound...]
            if k == "%{REMOTE_ADDR}" && guardHeader == nil {
                key = .ip
            } else if k.hasPrefix("%{HTTP:"), k.hasSuffix("}"), String(k.dropFirst(7).dropLast()) == guardHeader {
                key = .header(guardHeader!)
            } else {
                return .failure(unknown)
            }
        }
        guard salted.hasSuffix(":"), !salted.dropLast().contains("'") else { return .failure(unknown) }
        guard threshold.count == 8, let t = UInt64(threshold, radix: 16) else {
            return .failure(ImportWhy("the rollout threshold '\(threshold)' is not 8 hex digits"))
        }
        let basisPoints = Int((t * 10000 + (1 << 31)) >> 32)
        guard ApacheExprHash.thresholdHex(basisPoints: basisPoints) == threshold.lowercased() else {
            return .failure(ImportWhy("the rollout threshold '\(threshold)' is not a whole number of hundredths of a percent"))
        }
        return .success(.rollout(Rollout(basisPoints: basisPoints, key: key, salt: String(salted.dropLast()))))
    }

    private static let placeholder = ApacheDirective(
        name: "RewriteCond", args: [], file: "", line: 0, column: 0, argColumns: [], comments: [], block: nil)
}
