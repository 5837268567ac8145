import DetourCore

/// The form for adding or editing one rule: typed fields, each validated as the user types with
/// the foundation's own parsers, so a message appears beside the field that is wrong.
public struct FormState: Sendable {
    public enum Purpose: Sendable, Hashable {
        case edit(index: Int)
        case add(at: Int)
    }

    public let purpose: Purpose
    /// The rule the form started from (for an edit: the original; its examples and salt are kept).
    public let original: Rule
    public private(set) var inputs: [FormFieldID: FormInput]
    public private(set) var errors: [FormFieldID: String] = [:]
    public var focus: FormFieldID = .source
    /// The rule the fields describe, when every field is valid.
    public private(set) var result: Rule?
    private let idIsTaken: @Sendable (String) -> Bool
    private var lastIDCheck: (id: String, taken: Bool)?

    public static let codeOptions = StatusCode.allCases.map { "\($0.rawValue) \($0.reasonPhrase)" }
    public static let cachePresets = ["none", "no-store", "max-age=300", "max-age=3600", "max-age=86400",
                                      "public, max-age=3600", "public, max-age=86400", "private, max-age=600"]

    public init(purpose: Purpose, rule: Rule, idIsTaken: @escaping @Sendable (String) -> Bool) {
        self.purpose = purpose
        self.original = rule
        self.idIsTaken = idIsTaken
        var cache = FormState.cachePresets
        if !cache.contains(rule.cache.text) { cache.append(rule.cache.text) }
        inputs = [
            .id: .text(TextField(rule.id)),
            .enabled: .choice(options: ["yes", "no"], selected: rule.enabled ? 0 : 1),
            .host: .text(TextField(rule.host?.description ?? "")),
            .source: .text(TextField(rule.source.text)),
            .target: .text(TextField(rule.target.text)),
            .code: .choice(options: FormState.codeOptions, selected: StatusCode.allCases.firstIndex(of: rule.code) ?? 0),
            .methods: .text(TextField(rule.methods?.joined(separator: ", ") ?? "")),
            .conditions: .text(TextField(FormState.conditionsText(rule.conditions))),
            .query: .choice(options: QueryMode.allCases.map(\.rawValue), selected: QueryMode.allCases.firstIndex(of: rule.query) ?? 0),
            .cache: .choice(options: cache, selected: cache.firstIndex(of: rule.cache.text) ?? 0),
            .rolloutPercent: .text(TextField(rule.rollout?.percentText ?? "")),
            .rolloutBy: .text(TextField(rule.rollout.map { $0.key == .ip ? "" : $0.key.description } ?? "")),
            .starts: .text(TextField(rule.starts?.rfc3339 ?? "")),
            .expires: .text(TextField(rule.expires?.rfc3339 ?? "")),
            .note: .text(TextField(rule.note ?? "")),
            .owner: .text(TextField(rule.owner ?? "")),
            .tags: .text(TextField(rule.tags.joined(separator: ", "))),
        ]
        if case .add = purpose {
            inputs[.source] = .text(TextField())
            inputs[.target] = .text(TextField())
            focus = .source
        }
        validate()
    }

    public func input(_ id: FormFieldID) -> FormInput { inputs[id]! }

    /// Whether any field differs from the rule the form started with.
    public var isModified: Bool { result.map { $0 != original } ?? true }

    public var firstInvalidField: FormFieldID? { FormFieldID.allCases.first { errors[$0] != nil } }

    public mutating func moveFocus(by delta: Int) {
        let all = FormFieldID.allCases
        let i = all.firstIndex(of: focus)!
        focus = all[(i + delta + all.count) % all.count]
    }

    /// Applies a command to the focused field; returns whether the form handled it.
    public mutating func apply(_ command: Command, now: Timestamp) -> Bool {
        switch inputs[focus]! {
        case .text(var field):
            if command == .insertNow, focus.isTimestamp {
                field.setText(now.rfc3339)
            } else if !field.apply(command) {
                return false
            }
            inputs[focus] = .text(field)
        case .choice(let options, let selected):
            switch command {
            case .nextChoice: inputs[focus] = .choice(options: options, selected: (selected + 1) % options.count)
            case .previousChoice: inputs[focus] = .choice(options: options, selected: (selected - 1 + options.count) % options.count)
            default: return false
            }
        }
        validate()
        return true
    }

    /// Types text into the focused field (a key or a paste); a choice field ignores it.
    public mutating func type(_ text: String) {
        guard case .text(var field) = inputs[focus]! else { return }
        field.insert(text)
        inputs[focus] = .text(field)
        validate()
    }

    // MARK: - Validation

    /// Re-checks every field and rebuilds `result`.
    mutating func validate() {
        var errors: [FormFieldID: String] = [:]
        func text(_ id: FormFieldID) -> String { inputs[id]!.value.trimmingCharacters(in: " ") }

        let id = text(.id)
        if id.isEmpty { errors[.id] = "required" }
        else if !Rule.isValidID(id) { errors[.id] = "letters, digits, '.', '_' and '-' only" }
        else if isTaken(id) { errors[.id] = "another rule has this id" }

        var host: HostPattern?
        if !text(.host).isEmpty {
            host = HostPattern(text: text(.host))
            if host == nil { errors[.host] = "not a host name or *.suffix" }
        }

        var source: Source?
        do { source = try Source.parse(text(.source)) } catch let e as SourceSyntaxError {
            errors[.source] = e.message + (e.offset > 0 ? " (at \(e.offset + 1))" : "")
        } catch { errors[.source] = "\(error)" }

        var target: Target?
        if let source {
            let isPrefix: Bool
            if case .prefix = source.kind { isPrefix = true } else { isPrefix = false }
            do { target = try Target.parse(text(.target), captureCount: source.captureCount, sourceIsPrefix: isPrefix) }
            catch let e as TargetSyntaxError { errors[.target] = e.message + (e.offset > 0 ? " (at \(e.offset + 1))" : "") }
            catch { errors[.target] = "\(error)" }
        } else if text(.target).isEmpty {
            errors[.target] = "required"
        }

        let code = StatusCode.allCases[{ if case .choice(_, let s) = inputs[.code]! { return s }; return 0 }()]

        var methods: [String]?
        let methodText = text(.methods)
        if !methodText.isEmpty {
            let list = methodText.split(whereSeparator: { $0 == "," || $0 == " " }).map { $0.uppercased() }
            if let bad = list.first(where: { !$0.allSatisfy({ $0.isASCII && $0.isLetter }) }) {
                errors[.methods] = "'\(bad)' is not a method name"
            } else {
                methods = list
            }
        }

        var conditions: [Condition] = []
        do { conditions = try FormState.parseConditions(text(.conditions)) } catch let e as FormFieldError {
            errors[.conditions] = e.message
        } catch { errors[.conditions] = "\(error)" }

        let query = QueryMode(rawValue: inputs[.query]!.value) ?? .keep
        let cache = CachePolicy(text: inputs[.cache]!.value) ?? .none

        var rollout: Rollout?
        let pct = text(.rolloutPercent), by = text(.rolloutBy)
        var key: Rollout.Key = .ip
        if !by.isEmpty {
            if let k = Rollout.Key(text: by) { key = k } else { errors[.rolloutBy] = "ip, cookie:NAME or header:NAME" }
        }
        if !pct.isEmpty {
            if let bp = Rollout.parsePercent(pct) {
                rollout = Rollout(basisPoints: bp, key: key, salt: original.rollout?.salt)
            } else {
                errors[.rolloutPercent] = "a percentage 0–100, at most two decimals"
            }
        } else if !by.isEmpty {
            errors[.rolloutPercent] = "set a percentage for 'rollout by'"
        }

        var starts: Timestamp?, expires: Timestamp?
        for f in [FormFieldID.starts, .expires] where !text(f).isEmpty {
            guard let t = Timestamp(rfc3339: text(f)) else {
                errors[f] = "RFC 3339 UTC, like 2026-12-31T00:00:00Z"
                continue
            }
            if f == .starts { starts = t } else { expires = t }
        }
        if let s = starts, let e = expires, e <= s { errors[.expires] = "must be after starts" }

        self.errors = errors
        guard errors.isEmpty, let source, let target else {
            result = nil
            return
        }
        var rule = original
        rule.id = id
        rule.enabled = inputs[.enabled]!.value == "yes"
        rule.host = host
        rule.source = source
        rule.target = target
        rule.code = code
        rule.methods = methods
        rule.conditions = conditions
        rule.query = query
        rule.cache = cache
        rule.rollout = rollout
        rule.starts = starts
        rule.expires = expires
        rule.note = text(.note).isEmpty ? nil : inputs[.note]!.value
        rule.owner = text(.owner).isEmpty ? nil : text(.owner)
        rule.tags = text(.tags).split(separator: ",").map { $0.trimmingCharacters(in: " ") }.filter { !$0.isEmpty }
        result = rule
    }

    /// Asks the (linear) id check only when the id changed since the last keystroke.
    private mutating func isTaken(_ id: String) -> Bool {
        if let last = lastIDCheck, last.id == id { return last.taken }
        let taken = idIsTaken(id)
        lastIDCheck = (id, taken)
        return taken
    }

    /// `header:X-Env=beta; cookie:uid=*; query:id=~^[0-9]+$`.
    public static func conditionsText(_ conditions: [Condition]) -> String {
        conditions.map { "\($0.kind.rawValue):\($0.name)=\($0.value.description)" }.joined(separator: "; ")
    }

    static func parseConditions(_ text: String) throws -> [Condition] {
        try text.split(separator: ";").map { $0.trimmingCharacters(in: " ") }.filter { !$0.isEmpty }.map { part in
            guard let colon = part.firstIndex(of: ":"), let kind = Condition.Kind(rawValue: String(part[..<colon])) else {
                throw FormFieldError(message: "'\(part.prefix(20))': start with header:, cookie: or query:")
            }
            let rest = part[part.index(after: colon)...]
            guard let eq = rest.firstIndex(of: "="), eq > rest.startIndex else {
                throw FormFieldError(message: "'\(part.prefix(20))': write \(kind.rawValue):NAME=VALUE (VALUE may be * or ~regex)")
            }
            let name = String(rest[..<eq]), valueText = String(rest[rest.index(after: eq)...])
            do {
                return Condition(kind: kind, name: name, value: try ConditionValue.parse(valueText))
            } catch {
                throw FormFieldError(message: "\(name): \(error)")
            }
        }
    }
}

/// A problem with one form field's text.
struct FormFieldError: Error {
    let message: String
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> String { String(self).trimmingCharacters(in: set) }
}
