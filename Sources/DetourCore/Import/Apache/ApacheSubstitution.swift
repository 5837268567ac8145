/// The target of a `RewriteRule` redirect, or of a mod_alias `Redirect`, as a Detour target:
/// `$N` become groups of the source, `%N` the groups of the last matched condition (host names
/// are known per rule, a path condition became the source), `%{HTTP_HOST}` `{host}`,
/// `%{REQUEST_URI}` `{path}`, `%{QUERY_STRING}` `{query}`; mod_rewrite's query handling (passed
/// through unless the substitution has a `?`, `QSA`, `QSD`) becomes `query:`. Anything else is
/// refused with the reason, for the import report.
struct ApacheSubstitution {
    let target: Target
    let query: QueryMode
    /// The header a relative target's scheme comes from (`%{ENV:S}://%{HTTP_HOST}/…` with S
    /// taken from a trusted header).
    var schemeHeader: String?

    /// Where `%1`…`%9` come from.
    enum PercentGroups {
        /// No RewriteCond precedes the rule: httpd expands `%N` to nothing.
        case empty
        /// The last condition's groups are not known (a header or method pattern).
        case none
        /// The texts of the host condition's groups, for a rule bound to that host.
        case literal([String])
        /// The path condition became the source: `%N` is the source's group N.
        case source
    }

    struct Options {
        var captureCount: Int
        var percent: PercentGroups = .none
        var serverName: String?
        /// Prepended to a relative substitution in `.htaccess` (`RewriteBase`).
        var relativeBase: String?
        /// The source has the whole path as group 1 (its own groups follow): `%{REQUEST_URI}`
        /// is that group, since httpd fills it with the decoded, normalised path.
        var pathGroup = false
        var appendQuery = false
        var discardQuery = false
        var noEscape = false
        /// `%N` are groups of the path as sent (`%{THE_REQUEST}`): already escaped, so `[NE]` keeps them as Detour does.
        var rawGroups = false
        /// The variables `[E=]` set before the rule, for `%{ENV:NAME}`.
        var environment: ApacheEnvironment?
    }

    static func translate(_ text: String, _ o: Options) -> Result<ApacheSubstitution, ImportWhy> {
        var text = text
        // `SCHEME://%{HTTP_HOST}` with the request's own scheme is the relative target httpd
        // would make absolute the same way.
        var schemeHeader: String?
        var fromHost = false
        if let sep = text.range(of: "://%{HTTP_HOST}"), text[..<sep.lowerBound].hasPrefix("%{"), text[..<sep.lowerBound].hasSuffix("}") {
            let name = String(text[text.index(text.startIndex, offsetBy: 2)..<text.index(before: sep.lowerBound)])
            if name.uppercased() == "REQUEST_SCHEME" {
                fromHost = true
            } else if name.uppercased().hasPrefix("ENV:"), case .scheme(let header)? = o.environment?[String(name.dropFirst(4))] {
                fromHost = true
                schemeHeader = header
            }
            if fromHost { text = String(text[sep.upperBound...]) }
        }
        let lower = text.lowercased()
        let absolute = lower.hasPrefix("http://") || lower.hasPrefix("https://")
        // A substitution that starts with a known group (a map's value) is checked once written out.
        let startsWithKnownGroup: Bool = {
            guard case .literal = o.percent, text.first == "%", let second = text.dropFirst().first else { return false }
            return second.isNumber
        }()
        if !fromHost && !absolute && !startsWithKnownGroup && !text.hasPrefix("/") && !text.hasPrefix("%{") {
            guard let base = o.relativeBase else {
                return .failure(
                    ImportWhy(
                        "the relative substitution '\(text)' has no RewriteBase: httpd puts the directory's file-system path into the URL"))
            }
            text = (base.hasSuffix("/") ? base : base + "/") + text
        }
        var out = ""
        var pathEnd: String.Index?
        var inQuery = false
        var hasQuestion = false
        /// Where a variable holding `?query` / `&query` was written (the request's query kept there).
        var keptQueryAt: String.Index?
        let chars = Array(text)
        var i = 0
        // Before the query, literal text is escaped as mod_rewrite does without [NE]; the authority
        // of an absolute URL is left as written.
        let authorityEnd: Int = {
            guard absolute, let slashes = text.range(of: "://") else { return 0 }
            let start = text.distance(from: text.startIndex, to: slashes.upperBound)
            return chars[start...].firstIndex { $0 == "/" || $0 == "?" } ?? chars.count
        }()
        func literal(_ c: Character, at index: Int) {
            if c == "?" && !inQuery {
                inQuery = true
                hasQuestion = true
                pathEnd = out.endIndex
                out.append(c)
                return
            }
            if !o.noEscape && !inQuery && index >= authorityEnd { out += escapePath(c) } else { out.append(c) }
        }
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count {
                let next = chars[i + 1]
                if next == "$" || next == "{" || next == "}" || next == "*" {
                    return .failure(ImportWhy("the target contains '\(next)', which Detour reads as a placeholder"))
                }
                literal(next, at: i + 1)
                i += 2
                continue
            }
            if c == "$" || c == "%", i + 1 < chars.count, let n = chars[i + 1].wholeNumberValue {
                let shift = o.pathGroup ? 1 : 0
                if c == "$" {
                    guard n >= 1, n + shift <= o.captureCount else { return .failure(ImportWhy("$\(n) refers to no group of the rule's pattern")) }
                    if o.noEscape {
                        return .failure(ImportWhy("with [NE] httpd writes the decoded $\(n) unescaped (a space stays a space); Detour encodes it"))
                    }
                    out += "$\(n + shift)"
                } else {
                    switch o.percent {
                    case .empty: break
                    case .none: return .failure(ImportWhy("%\(n) refers to a group of a condition whose text Detour does not know"))
                    case .literal(let groups):
                        // httpd expands a group the pattern does not have to nothing.
                        if n >= 1, n <= groups.count { for g in groups[n - 1] { literal(g, at: i) } }
                    case .source:
                        guard n >= 1, n + shift <= o.captureCount else {
                            return .failure(ImportWhy("%\(n) refers to no group of the path condition"))
                        }
                        if o.noEscape && !o.rawGroups {
                            return .failure(ImportWhy("with [NE] httpd writes the decoded %\(n) unescaped; Detour encodes it"))
                        }
                        out += "$\(n + shift)"
                    }
                }
                i += 2
                continue
            }
            if c == "%", i + 1 < chars.count, chars[i + 1] == "{", let close = chars[i...].firstIndex(of: "}") {
                let name = String(chars[(i + 2)..<close]).uppercased()
                if name.hasPrefix("ENV:") {
                    let variable = String(chars[(i + 6)..<close])
                    switch o.environment?[variable] {
                    case .host?: out += "{host}"
                    case .rawPath?: out += "{path}"
                    case .nonEmptyQuery(let prefix)? where (prefix == "?" && !inQuery) || (prefix == "&" && inQuery):
                        guard o.discardQuery, keptQueryAt == nil else {
                            return .failure(ImportWhy("%{ENV:\(variable)} adds the query where httpd also appends it (no QSD)"))
                        }
                        keptQueryAt = out.endIndex
                    case .unknown(let why)?: return .failure(why)
                    default: return .failure(ImportWhy("%{ENV:\(variable)} holds nothing a Detour target can carry here"))
                    }
                    i = close + 1
                    continue
                }
                switch name {
                case "HTTP_HOST": out += "{host}"
                case "REQUEST_URI":
                    guard o.pathGroup else {
                        return .failure(ImportWhy("%{REQUEST_URI} is the decoded, normalised path and cannot be a group of this pattern"))
                    }
                    if o.noEscape { return .failure(ImportWhy("with [NE] httpd writes the decoded %{REQUEST_URI} unescaped; Detour encodes it")) }
                    out += "$1"
                case "QUERY_STRING": out += "{query}"
                case "SERVER_NAME":
                    guard let s = o.serverName else { return .failure(ImportWhy("%{SERVER_NAME} has no value here (no ServerName)")) }
                    out += s
                default: return .failure(ImportWhy("%{\(name)} has no Detour placeholder"))
                }
                i = close + 1
                continue
            }
            if c == "$", i + 1 < chars.count, chars[i + 1] == "{" {
                return .failure(ImportWhy("a RewriteMap lookup (${map:key}) has no Detour form"))
            }
            if c == "{" || c == "}" || c == "*" || c == "$" {
                return .failure(ImportWhy("the target contains '\(c)', which Detour reads as a placeholder"))
            }
            literal(c, at: i)
            i += 1
        }
        var query: QueryMode = o.discardQuery ? .drop : .keep
        if hasQuestion, let end = pathEnd {
            if out.index(after: end) == out.endIndex {
                // A trailing `?` only discards the request's query.
                out.removeLast()
                query = .drop
            } else if o.appendQuery && !o.discardQuery {
                // The combined query is escaped once more without [NE]: `%20` in the request's
                // arguments would arrive as `%2520`.
                guard o.noEscape else {
                    return .failure(ImportWhy("with QSA and a query in the substitution, Apache escapes the request's arguments again (add NE)"))
                }
                query = .keep
            } else {
                query = .drop
            }
        }
        if startsWithKnownGroup && !fromHost {
            let l = out.lowercased()
            guard out.hasPrefix("/") || l.hasPrefix("http://") || l.hasPrefix("https://") else {
                return .failure(ImportWhy("the target '\(out)' is relative to the directory, which httpd fills with a file-system path"))
            }
        }
        if let at = keptQueryAt {
            // The query goes before a fragment, as Detour places it; anything else after it is not Detour's order.
            guard at == out.endIndex || out[at...].hasPrefix("#") else {
                return .failure(ImportWhy("the request's query is put in the middle of the target"))
            }
            query = .keep
        }
        if out.hasPrefix("//") {
            return .failure(ImportWhy("the target '\(out)' starts with '//', which a browser reads as another host"))
        }
        do {
            let target = try Target.parse(out, captureCount: o.captureCount, sourceIsPrefix: false)
            return .success(ApacheSubstitution(target: target, query: query, schemeHeader: schemeHeader))
        } catch let e as TargetSyntaxError {
            return .failure(ImportWhy("the target '\(out)' is not a Detour target: \(e.message)"))
        } catch {
            return .failure(ImportWhy("the target '\(out)' is not a Detour target"))
        }
    }

    /// `ap_escape_uri`: what mod_rewrite escapes in a path it redirects to.
    static func escapePath(_ c: Character) -> String {
        var out = ""
        for b in String(c).utf8 {
            let safe =
                (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || "$-_.+!*'(),:;@&=/~".utf8.contains(b)
            out += safe ? String(UnicodeScalar(b)) : "%" + String(b, radix: 16, uppercase: true).leftPadded(2)
        }
        return out
    }

}
