/// The keys a rule file may use, in the canonical order `fmt` and new rules write them.
public enum RuleFields {
    public static let topLevel = ["site", "rules"]
    public static let site = ["hosts", "allow", "scheme", "scheme_header", "trailing_slash", "case", "exports"]
    public static let rule = RuleFieldTable.names
    public static let when = ["header", "cookie", "query"]
    public static let rollout = ["percent", "by", "salt"]
    public static let example = ["request", "headers", "expect"]
    public static let methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"]
}
