/// `split_clients "SALT:$key" $var { P% VALUE; * OTHER; }`: `$var` is VALUE for P % of keys by
/// nginx's MurmurHash2 of the whole string — a Detour rollout with that salt when the key is the
/// client address, a cookie or a header and the string is `SALT:` followed by it.
struct NginxSplitBlock {
    let variable: String
    let role: NginxVariableRole

    init?(_ d: NginxDirective) {
        guard d.args.count == 2, d.args[1].hasPrefix("$"), let block = d.block else { return nil }
        variable = String(d.args[1].dropFirst())
        var tests: [String: NginxRequestTest?] = [:]
        let rollout = Self.rollout(template: d.args[0], parts: block)
        for (i, part) in block.enumerated() {
            guard part.args.count == 1 else { return nil }
            let value = part.args[0]
            // The first part is the rollout; the rest (`*`) are its complement, which no field says.
            let test: NginxRequestTest? = i == 0 ? rollout : nil
            if tests[value] != nil { tests[value] = .some(nil) } else { tests[value] = .some(test) }
        }
        role = .flag(tests)
    }

    /// The rollout the first part is, nil when the block is not one Detour can say.
    private static func rollout(template: String, parts: [NginxDirective]) -> NginxRequestTest? {
        guard parts.count == 2, parts[1].name == "*", parts[0].name.hasSuffix("%"),
            let share = Rollout.parsePercent(String(parts[0].name.dropLast()))
        else { return nil }
        let pieces = NginxValueTemplate.pieces(template)
        guard pieces.count == 2, case .literal(let prefix) = pieces[0], prefix.hasSuffix(":"), case .variable(let v) = pieces[1] else { return nil }
        let key: Rollout.Key
        if v == "remote_addr" {
            key = .ip
        } else if v.hasPrefix("cookie_"), v.count > 7 {
            key = .cookie(String(v.dropFirst(7)))
        } else if v.hasPrefix("http_"), v.count > 5 {
            key = .header(String(v.dropFirst(5)).replacingUnderscores)
        } else {
            return nil
        }
        let rollout = Rollout(basisPoints: share, key: key, salt: String(prefix.dropLast()))
        return .rollout(rollout)
    }
}
