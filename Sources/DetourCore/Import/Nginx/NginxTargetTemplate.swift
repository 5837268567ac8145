/// The replacement of an nginx `return`/`rewrite` as a Detour target: variables that have a
/// placeholder with the same meaning (`$1`…`$9`, `$host`, `$request_uri`, `$args`,
/// `$is_args`, `$scheme://`) become it; the query handling of each directive becomes `query:`.
/// Anything else is refused with the reason, for the import report.
struct NginxTargetTemplate {
    let target: Target
    let query: QueryMode

    /// `isRewrite`: `rewrite` appends the request's arguments unless the replacement has a `?`
    /// (a trailing `?` only switches that off); `return` never appends them.
    /// `resolve` gives the meaning of variables the configuration defines (`map`, `set`), asked
    /// for names the template does not read itself.
    static func translate(
        _ text: String, captureCount: Int, sourceIsPrefix: Bool, isRewrite: Bool, serverName: String?,
        resolve: (String) -> Resolution? = { _ in nil }
    ) -> Result<NginxTargetTemplate, ImportWhy> {
        var pieces: [Piece] = []
        let chars = Array(text)
        var i = 0
        var literal = ""
        func flush() {
            if !literal.isEmpty {
                pieces.append(.literal(literal))
                literal = ""
            }
        }
        while i < chars.count {
            let c = chars[i]
            if c == "$" {
                var j = i + 1
                var name = ""
                if j < chars.count, chars[j] == "{" {
                    guard let close = chars[j...].firstIndex(of: "}") else { return .failure(ImportWhy("unclosed '${' in '\(text)'")) }
                    name = String(chars[(j + 1)..<close])
                    j = close + 1
                } else if j < chars.count, chars[j].isASCII, chars[j].isNumber {
                    name = String(chars[j])
                    j += 1
                } else {
                    while j < chars.count, chars[j].isASCII, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" {
                        name.append(chars[j])
                        j += 1
                    }
                }
                guard !name.isEmpty else {
                    literal.append(c)
                    i += 1
                    continue
                }
                flush()
                pieces.append(.variable(name))
                i = j
                continue
            }
            if c == "*" || c == "{" || c == "}" {
                return .failure(ImportWhy("the target contains '\(c)', which Detour reads as a placeholder"))
            }
            literal.append(c)
            i += 1
        }
        flush()

        var out = ""
        var query: QueryMode = isRewrite ? .keep : .drop
        var carriesRequestQuery = false
        var k = 0
        while k < pieces.count {
            let isLast = k == pieces.count - 1
            switch pieces[k] {
            case .literal(let s):
                var s = s
                if isRewrite, let q = s.firstIndex(of: "?") {
                    query = .drop
                    // A trailing `?` only stops nginx appending the arguments.
                    if s.index(after: q) == s.endIndex && isLast { s.removeLast() }
                }
                out += s
            case .variable(let name):
                switch name {
                case "1", "2", "3", "4", "5", "6", "7", "8", "9":
                    guard !sourceIsPrefix, Int(name)! <= captureCount else {
                        return .failure(ImportWhy("$\(name) refers to no group of the matched pattern"))
                    }
                    out += "$" + name
                case "host":
                    out += "{host}"
                case "scheme":
                    guard k == 0, k + 1 < pieces.count, case .literal(let next) = pieces[k + 1], next.hasPrefix("://") else {
                        return .failure(ImportWhy("$scheme is only carried as the scheme of the target (Detour has no scheme placeholder)"))
                    }
                    // `$scheme://host/x` is the scheme-relative `//host/x`: the client keeps its scheme.
                    out += "/"
                    pieces[k + 1] = .literal(String(next.dropFirst(2)))
                case "request_uri":
                    guard isLast else { return .failure(ImportWhy("$request_uri is carried only at the end of the target")) }
                    out += "{path}"
                    carriesRequestQuery = true
                case "uri", "document_uri":
                    // Proven against nginx: `$uri` is decoded and normalised (`//a` → `/a`, `%6C` → `l`,
                    // an encoded CR LF becomes a real one), `{path}` is the path as requested.
                    return .failure(
                        ImportWhy(
                            "$\(name) is the decoded, normalised path and {path} the path as requested; they differ for encoded, dot-segment and doubled-slash paths (use $request_uri)"
                        ))
                case "args", "query_string":
                    out += "{query}"
                case "is_args":
                    guard k + 2 == pieces.count || Self.isFragment(pieces, at: k + 2), case .variable(let a) = pieces[k + 1],
                        a == "args" || a == "query_string"
                    else {
                        return .failure(ImportWhy("$is_args is carried only as '$is_args$args' at the end of the target (or before its #fragment)"))
                    }
                    carriesRequestQuery = true
                    k += 2
                    continue
                case "server_name":
                    guard let serverName else { return .failure(ImportWhy("$server_name has no value here (no server_name)")) }
                    out += serverName
                default:
                    switch resolve(name) {
                    case .literal(let value)?:
                        if let c = value.first(where: { "*{}".contains($0) }) {
                            return .failure(ImportWhy("$\(name) holds '\(c)', which Detour reads as a placeholder"))
                        }
                        out += value
                    case .path?:
                        out += "{path}"
                    case .queryAppend?:
                        // `&ARGS` after the target's own query: what Detour's kept query adds there.
                        guard out.contains("?"), isLast || Self.isFragment(pieces, at: k + 1) else {
                            return .failure(
                                ImportWhy("$\(name) adds the arguments with '&', which is Detour's kept query only after the target's own"))
                        }
                        carriesRequestQuery = true
                    case nil:
                        return .failure(ImportWhy("the variable $\(name) has no Detour placeholder"))
                    }
                }
            }
            k += 1
        }
        if carriesRequestQuery {
            if isRewrite && query == .keep {
                return .failure(ImportWhy("nginx would append the arguments a second time (the replacement has no '?')"))
            }
            query = .keep
        }
        do {
            let target = try Target.parse(out, captureCount: captureCount, sourceIsPrefix: sourceIsPrefix)
            return .success(NginxTargetTemplate(target: target, query: query))
        } catch let e as TargetSyntaxError {
            return .failure(ImportWhy("the target '\(out)' is not a Detour target: \(e.message)"))
        } catch {
            return .failure(ImportWhy("the target '\(out)' is not a Detour target"))
        }
    }

    /// What a variable the configuration defines stands for in a target.
    enum Resolution {
        case literal(String)
        /// The path as requested.
        case path
        /// `&ARGS` when the request has arguments, else nothing.
        case queryAppend
    }

    /// The variables `translate` reads itself.
    static func readsItself(_ name: String) -> Bool {
        ["host", "scheme", "request_uri", "uri", "document_uri", "args", "query_string", "is_args", "server_name"].contains(name)
            || (name.count == 1 && name.first!.isNumber)
    }

    /// The last piece, a literal `#fragment`.
    private static func isFragment(_ pieces: [Piece], at i: Int) -> Bool {
        guard i == pieces.count - 1, case .literal(let s) = pieces[i] else { return false }
        return s.hasPrefix("#")
    }

    private enum Piece {
        case literal(String)
        case variable(String)
    }
}
