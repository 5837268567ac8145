import Foundation

@testable import DetourCore

/// A reader and evaluator of the Rules language expressions the Cloudflare export writes (the
/// fields, operators and functions of Cloudflare's reference, nothing more): what a zone's
/// `http_request_dynamic_redirect` phase does with `single-redirects.json`, so the tests can
/// answer requests the way Cloudflare would without Cloudflare.
indirect enum CloudflareExpression: Equatable {
    case field(String)
    case string(String)
    case number(Int64)
    case set([CloudflareExpression])
    case index(CloudflareExpression, CloudflareExpression)
    case call(String, [CloudflareExpression])
    case compare(String, CloudflareExpression, CloudflareExpression)
    case and([CloudflareExpression])
    case or([CloudflareExpression])
    case not(CloudflareExpression)

    struct ParseError: Error, CustomStringConvertible {
        let description: String
    }

    /// Parses one expression; throws naming where the text is not what the export writes.
    static func parse(_ text: String) throws -> CloudflareExpression {
        var p = Parser(tokens: try tokenize(text))
        let e = try p.or()
        guard p.at == p.tokens.count else { throw ParseError(description: "unexpected \(p.tokens[p.at]) in \(text)") }
        return e
    }

    enum Token: Equatable {
        case word(String)
        case string(String)
        case number(Int64)
        case punct(Character)
    }

    static func tokenize(_ text: String) throws -> [Token] {
        var out: [Token] = []
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == " " {
                i += 1
            } else if c == "\"" {
                var s = ""
                i += 1
                while i < chars.count, chars[i] != "\"" {
                    if chars[i] == "\\", i + 1 < chars.count { i += 1 }
                    s.append(chars[i])
                    i += 1
                }
                guard i < chars.count else { throw ParseError(description: "unterminated string in \(text)") }
                i += 1
                out.append(.string(s))
            } else if c.isNumber {
                var n = ""
                while i < chars.count, chars[i].isNumber {
                    n.append(chars[i])
                    i += 1
                }
                out.append(.number(Int64(n)!))
            } else if c.isLetter || c == "_" {
                var w = ""
                while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" || chars[i] == "." {
                    w.append(chars[i])
                    i += 1
                }
                out.append(.word(w))
            } else if "()[]{},".contains(c) {
                out.append(.punct(c))
                i += 1
            } else {
                throw ParseError(description: "unexpected character '\(c)' in \(text)")
            }
        }
        return out
    }

    struct Parser {
        let tokens: [Token]
        var at = 0

        mutating func take(_ t: Token) -> Bool {
            guard at < tokens.count, tokens[at] == t else { return false }
            at += 1
            return true
        }

        mutating func expect(_ t: Token) throws {
            guard take(t) else { throw ParseError(description: "expected \(t) at token \(at)") }
        }

        mutating func or() throws -> CloudflareExpression {
            var items = [try and()]
            while take(.word("or")) { items.append(try and()) }
            return items.count == 1 ? items[0] : .or(items)
        }

        mutating func and() throws -> CloudflareExpression {
            var items = [try unary()]
            while take(.word("and")) { items.append(try unary()) }
            return items.count == 1 ? items[0] : .and(items)
        }

        mutating func unary() throws -> CloudflareExpression {
            if take(.word("not")) { return .not(try unary()) }
            if take(.punct("(")) {
                let e = try or()
                try expect(.punct(")"))
                return e
            }
            let left = try value()
            for op in ["eq", "in", "matches", "gt", "ge", "lt"] where take(.word(op)) {
                return .compare(op, left, try value())
            }
            return left
        }

        mutating func value() throws -> CloudflareExpression {
            guard at < tokens.count else { throw ParseError(description: "expression ends early") }
            let t = tokens[at]
            at += 1
            var v: CloudflareExpression
            switch t {
            case .string(let s): v = .string(s)
            case .number(let n): v = .number(n)
            case .punct("{"):
                var items: [CloudflareExpression] = []
                while !take(.punct("}")) { items.append(try value()) }
                v = .set(items)
            case .word(let w):
                if take(.punct("(")) {
                    var args: [CloudflareExpression] = []
                    if !take(.punct(")")) {
                        repeat { args.append(try value()) } while take(.punct(","))
                        try expect(.punct(")"))
                    }
                    v = .call(w, args)
                } else {
                    v = .field(w)
                }
            default: throw ParseError(description: "unexpected \(t)")
            }
            while take(.punct("[")) {
                let key = try value()
                try expect(.punct("]"))
                v = .index(v, key)
            }
            return v
        }
    }
}

/// One request as the Rules language sees it after Cloudflare's URL normalisation.
struct CloudflareRequestFields {
    let request: HTTPRequest
    let path: String

    init?(_ request: HTTPRequest, view: ServerView) {
        guard let bytes = view.path.requestPath(request.path) else { return nil }
        self.request = request
        path = String(decoding: bytes, as: UTF8.self)
    }

    enum Value: Equatable {
        case text(String)
        case list([String])
        case number(Int64)
        case bool(Bool)
        case missing

        var text: String? { if case .text(let s) = self { return s } else { return nil } }
    }

    func evaluate(_ e: CloudflareExpression) throws -> Value {
        switch e {
        case .string(let s): return .text(s)
        case .number(let n): return .number(n)
        case .field(let f):
            switch f {
            case "http.request.uri.path": return .text(path)
            case "http.host": return .text(request.host)
            case "http.request.method": return .text(request.method)
            case "http.request.full_uri": return .text(request.scheme + "://" + request.host + path + (request.query.map { "?" + $0 } ?? ""))
            case "raw.http.request.uri.query": return .text(request.query ?? "")
            case "http.request.timestamp.sec": return .number(request.time.secondsSinceEpoch)
            case "ssl": return .bool(request.scheme == "https")
            default: throw CloudflareExpression.ParseError(description: "unknown field \(f)")
            }
        case .index(.field(let map), .string(let key)):
            switch map {
            case "http.request.headers": return .list(request.headers.filter { $0.name.lowercased() == key }.map(\.value))
            case "http.request.cookies":
                return .list(
                    request.headers.filter { $0.name.lowercased() == "cookie" }.flatMap { h in
                        h.value.split(separator: ";").compactMap { pair -> String? in
                            let p = pair.trimmingCharacters(in: .whitespaces)
                            guard let eq = p.firstIndex(of: "="), p[..<eq] == key else { return nil }
                            return String(p[p.index(after: eq)...])
                        }
                    })
            case "raw.http.request.uri.args":
                return .list(
                    (request.query ?? "").split(separator: "&").compactMap { pair -> String? in
                        if let eq = pair.firstIndex(of: "=") { return pair[..<eq] == key ? String(pair[pair.index(after: eq)...]) : nil }
                        return pair == key ? "" : nil
                    })
            default: throw CloudflareExpression.ParseError(description: "unknown map \(map)")
            }
        case .index(let list, .number(let n)):
            guard case .list(let items) = try evaluate(list) else { return .missing }
            return Int(n) < items.count ? .text(items[Int(n)]) : .missing
        case .call(let name, let args):
            return try call(name, args)
        case .compare(let op, let l, let r):
            let a = try evaluate(l)
            if op == "in" {
                guard case .set(let items) = r, case .text = a else { return .bool(false) }
                return .bool(try items.contains { try evaluate($0) == a })
            }
            let b = try evaluate(r)
            switch (op, a, b) {
            case ("eq", .text(let x), .text(let y)): return .bool(x == y)
            case ("matches", .text(let x), .text(let pattern)):
                return .bool(try Self.regex(pattern).firstMatch(in: x, range: NSRange(x.startIndex..., in: x)) != nil)
            case ("gt", .number(let x), .number(let y)): return .bool(x > y)
            case ("ge", .number(let x), .number(let y)): return .bool(x >= y)
            case ("lt", .number(let x), .number(let y)): return .bool(x < y)
            default: return .bool(false)  // a missing value compares false, as in Cloudflare
            }
        case .and(let items): return .bool(try items.allSatisfy { try evaluate($0) == .bool(true) })
        case .or(let items): return .bool(try items.contains { try evaluate($0) == .bool(true) })
        case .not(let inner): return .bool(try evaluate(inner) != .bool(true))
        default: throw CloudflareExpression.ParseError(description: "cannot evaluate \(e)")
        }
    }

    private func call(_ name: String, _ args: [CloudflareExpression]) throws -> Value {
        let values = try args.map(evaluate)
        switch (name, values.count) {
        case ("starts_with", 2): return .bool(values[0].text.map { $0.hasPrefix(values[1].text ?? "\u{0}") } ?? false)
        case ("ends_with", 2): return .bool(values[0].text.map { $0.hasSuffix(values[1].text ?? "\u{0}") } ?? false)
        case ("len", 1):
            if case .list(let items) = values[0] { return .number(Int64(items.count)) }
            return .number(Int64(values[0].text?.utf8.count ?? 0))
        case ("concat", _): return .text(values.map { $0.text ?? "" }.joined())
        case ("substring", 2):
            guard let s = values[0].text, case .number(let n) = values[1] else { return .missing }
            return .text(String(decoding: Array(s.utf8).dropFirst(Int(n)), as: UTF8.self))
        case ("regex_replace", 3):
            guard let s = values[0].text, let pattern = values[1].text, let replacement = values[2].text else { return .missing }
            let re = try Self.regex(pattern)
            guard let m = re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) else { return .text(s) }
            let ns = s as NSString
            return .text(
                ns.substring(to: m.range.location) + Self.fill(replacement, m, in: ns) + ns.substring(from: m.range.location + m.range.length))
        case ("wildcard_replace", 3):
            guard let s = values[0].text, let pattern = values[1].text, let replacement = values[2].text,
                let groups = Self.wildcard(Array(pattern), Array(s))
            else { return values[0] }
            var out = replacement.replacingOccurrences(of: "$$", with: "\u{1}")
            for (i, g) in groups.enumerated() { out = out.replacingOccurrences(of: "${\(i + 1)}", with: g) }
            return .text(out.replacingOccurrences(of: "\u{1}", with: "$"))
        default: throw CloudflareExpression.ParseError(description: "unknown function \(name)/\(values.count)")
        }
    }

    /// `${n}` filled from the match, `$$` a dollar sign.
    static func fill(_ replacement: String, _ m: NSTextCheckingResult, in s: NSString) -> String {
        var out = ""
        let chars = Array(replacement)
        var i = 0
        while i < chars.count {
            if chars[i] == "$", i + 1 < chars.count, chars[i + 1] == "$" {
                out.append("$")
                i += 2
            } else if chars[i] == "$", i + 1 < chars.count, chars[i + 1] == "{", let close = chars[(i + 2)...].firstIndex(of: "}"),
                let n = Int(String(chars[(i + 2)..<close]))
            {
                let r = m.range(at: n)
                if r.location != NSNotFound { out += s.substring(with: r) }
                i = close + 1
            } else {
                out.append(chars[i])
                i += 1
            }
        }
        return out
    }

    /// The lazy `*` captures of a case-insensitive wildcard match of the whole text, nil when it does not match.
    static func wildcard(_ pattern: [Character], _ text: [Character]) -> [String]? {
        func go(_ p: Int, _ t: Int, _ groups: [String]) -> [String]? {
            if p == pattern.count { return t == text.count ? groups : nil }
            if pattern[p] == "*" {
                for end in t...text.count {
                    if let g = go(p + 1, end, groups + [String(text[t..<end])]) { return g }
                }
                return nil
            }
            guard t < text.count, pattern[p].lowercased() == text[t].lowercased() else { return nil }
            return go(p + 1, t + 1, groups)
        }
        return go(0, 0, [])
    }

    /// Compiled once per pattern: the property tests evaluate the same expressions many times.
    nonisolated(unsafe) static let compiled = NSCache<NSString, NSRegularExpression>()

    static func regex(_ pattern: String) throws -> NSRegularExpression {
        if let re = compiled.object(forKey: pattern as NSString) { return re }
        let re = try NSRegularExpression(pattern: pattern)
        compiled.setObject(re, forKey: pattern as NSString)
        return re
    }
}
