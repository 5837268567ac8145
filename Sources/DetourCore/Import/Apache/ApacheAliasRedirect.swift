/// mod_alias's `Redirect`, `RedirectMatch`, `RedirectPermanent` and `RedirectTemp` as Detour
/// rules. `Redirect /old URL` matches `/old` and everything below `/old/` (whole path segments),
/// appends the rest of the path and keeps the query unless URL has one; `RedirectMatch` is a
/// regex searched in the path, with `$N` in the URL.
enum ApacheAliasRedirect {
    /// A redirect as rules (one or two), or why it cannot be carried.
    struct Rules {
        var sources: [(Source, Target)]
        var code: StatusCode
        var query: QueryMode
    }

    static func isAliasRedirect(_ key: String) -> Bool {
        ["redirect", "redirectmatch", "redirectpermanent", "redirecttemp"].contains(key)
    }

    /// Reads the status word or number and the remaining arguments; a malformed directive is a
    /// positioned error, a status Detour does not model a report line.
    static func translate(_ d: ApacheDirective) throws -> Result<Rules, ImportWhy> {
        var args = d.args
        var status = 302
        switch d.key {
        case "redirectpermanent": status = 301
        case "redirecttemp": status = 302
        default:
            if let first = args.first, !first.hasPrefix("/") && !first.contains("://") && !first.hasPrefix("^") {
                switch first.lowercased() {
                case "permanent": status = 301
                case "temp": status = 302
                case "seeother": status = 303
                case "gone": status = 410
                default:
                    guard let n = Int(first) else {
                        throw ImportError(
                            file: d.file, line: d.line, column: d.argColumns[0],
                            message: "'\(first)' is not a status (permanent, temp, seeother, gone or a number)")
                    }
                    status = n
                }
                args.removeFirst()
            }
        }
        let isRedirect = (300...399).contains(status)
        guard args.count == (isRedirect ? 2 : 1) else {
            if !isRedirect && args.count == 2 {
                throw ImportError(file: d.file, line: d.line, column: d.column, message: "\(d.name) with status \(status) takes a path and no URL")
            }
            throw ImportError(file: d.file, line: d.line, column: d.column, message: "\(d.name) takes [status] URL-path URL")
        }
        guard isRedirect else {
            return .failure(ImportWhy(status == 410 ? "answers 410 Gone; a Detour rule redirects" : "answers \(status), which is not a redirect"))
        }
        guard let code = StatusCode(rawValue: status) else {
            return .failure(ImportWhy("status \(status) is not one of the redirects Detour models (301, 302, 303, 307, 308)"))
        }
        let (pattern, url) = (args[0], args[1])
        if d.key == "redirectmatch" { return regexRules(pattern, url, code: code) }
        guard pattern.hasPrefix("/") else { return .failure(ImportWhy("the URL-path '\(pattern)' does not start with '/'")) }
        // The URL's own query replaces the request's; otherwise the request's is appended.
        let query: QueryMode = url.contains("?") ? .drop : .keep
        guard !url.contains("*"), !url.contains("{"), !url.contains("$") else {
            return .failure(ImportWhy("the URL contains a character Detour reads as a placeholder"))
        }
        do {
            var rules: [(Source, Target)] = []
            if pattern.hasSuffix("/") {
                // The rest after the prefix is appended to the URL as it is.
                if url.contains("?") { return .failure(ImportWhy("the rest of the path would be appended after the URL's query")) }
                rules.append((try Source.parse(pattern + "*"), try Target.parse(url + "*", captureCount: 1, sourceIsPrefix: true)))
            } else {
                rules.append((try Source.parse(pattern), try Target.parse(url, captureCount: 0, sourceIsPrefix: false)))
                if url.contains("?") {
                    return .failure(ImportWhy("paths below \(pattern)/ would get their rest appended after the URL's query"))
                }
                rules.append((try Source.parse(pattern + "/*"), try Target.parse(url + "/*", captureCount: 1, sourceIsPrefix: true)))
            }
            return .success(Rules(sources: rules, code: code, query: query))
        } catch let e as SourceSyntaxError {
            return .failure(ImportWhy("the path is not a Detour source: \(e.message)"))
        } catch let e as TargetSyntaxError {
            return .failure(ImportWhy("the URL is not a Detour target: \(e.message)"))
        } catch {
            return .failure(ImportWhy("\(error)"))
        }
    }

    private static func regexRules(_ pattern: String, _ url: String, code: StatusCode) -> Result<Rules, ImportWhy> {
        switch ApacheRegex.portable(pattern, caseless: false) {
        case .failure(let why): return .failure(why)
        case .success(let regex):
            guard let source = try? Source.parse("~" + regex.pattern) else { return .failure(ImportWhy("the regex is not a Detour source")) }
            // RedirectMatch escapes the path of the result like mod_rewrite without [NE], keeps a
            // query of its own, and otherwise appends the request's.
            var o = ApacheSubstitution.Options(captureCount: regex.groupCount)
            o.discardQuery = false
            return ApacheSubstitution.translate(url, o).map { s in
                Rules(sources: [(source, s.target)], code: code, query: url.contains("?") ? .drop : .keep)
            }
        }
    }
}
