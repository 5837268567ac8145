/// DT020: 301/302 on a rule that takes POST, PUT, PATCH or DELETE.
public struct BodyLosingCodeCheck: Check {
    public init() {}
    public let id = "DT020"
    public let name = "body-losing-code"
    public let severity = Severity.warning
    public let summary = "301/302 on a rule whose methods include POST, PUT, PATCH or DELETE: clients resend as GET and the body is lost."

    static let bodyMethods: Set<String> = ["POST", "PUT", "PATCH", "DELETE"]

    public func findings(in context: ValidationContext) -> [Finding] {
        var out: [Finding] = []
        for (i, rule) in context.rules.enumerated() where rule.enabled {
            guard rule.code == .movedPermanently || rule.code == .found, let methods = rule.methods else { continue }
            let hit = methods.filter { BodyLosingCodeCheck.bodyMethods.contains($0.uppercased()) }
            guard !hit.isEmpty else { continue }
            let better: StatusCode = rule.code == .movedPermanently ? .permanentRedirect : .temporaryRedirect
            out.append(
                finding(
                    context, rule: i, field: .code,
                    message: "\(rule.code.rawValue) on a rule for \(hit.joined(separator: ", ")): the request is resent as GET without its body",
                    why:
                        "Browsers, curl, Go and requests turn POST into GET after 301/302 (Go and requests also PUT/DELETE); \(better.rawValue) keeps method and body.",
                    fix: Fix("use \(better.rawValue) instead of \(rule.code.rawValue)", [.setCode(rule: rule.id, better)])))
        }
        return out
    }
}
