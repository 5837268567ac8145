import DetourCore

/// The form for adding or editing one rule: typed fields, each validated as the user types with
/// the foundation's own parsers, so a message appears beside the field that is wrong.
public struct FormState: Sendable {
    public enum Purpose: Sendable, Hashable {
        case edit(index: Int)
        case add(at: Int)
        /// Suggestion `suggestion` of the `--beside` pane, to insert at `at` once applied.
        case accept(at: Int, suggestion: Int)
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
    public static let cachePresets = [
        "none", "no-store", "max-age=300", "max-age=3600", "max-age=86400",
        "public, max-age=3600", "public, max-age=86400", "private, max-age=600"
    ]

    public init(purpose: Purpose, rule: Rule, idIsTaken: @escaping @Sendable (String) -> Bool) {
        self.purpose = purpose
        self.original = rule
        self.idIsTaken = idIsTaken
        var cache = FormState.cachePresets
        if !cache.contains(rule.cache.text) { cache.append(rule.cache.text) }
        var fields: [FormFieldID: FormInput] = [:]
        for field in FormFieldID.allCases {
            switch field {
            case .enabled: fields[field] = .choice(options: ["yes", "no"], selected: rule.enabled ? 0 : 1)
            case .code:
                // A code read from the file that is no redirect (305) is offered as typed, first, so
                // the form shows what the file says and its error until another code is picked.
                if let typed = rule.problems.first(where: { $0.field == "code" })?.text {
                    fields[field] = .choice(options: [typed] + FormState.codeOptions, selected: 0)
                } else {
                    fields[field] = .choice(options: FormState.codeOptions, selected: StatusCode.allCases.firstIndex(of: rule.code) ?? 0)
                }
            case .query:
                fields[field] = .choice(options: QueryMode.allCases.map(\.rawValue), selected: QueryMode.allCases.firstIndex(of: rule.query) ?? 0)
            case .cache: fields[field] = .choice(options: cache, selected: cache.firstIndex(of: rule.cache.text) ?? 0)
            default: fields[field] = .text(TextField(FormState.text(of: field, in: rule)))
            }
        }
        self.inputs = fields
        if case .add = purpose {
            inputs[.source] = .text(TextField())
            inputs[.target] = .text(TextField())
            focus = .source
        }
        validate()
    }

    /// A field's text: as typed for a field that did not parse when the file was read (so the
    /// user fixes what they wrote), else the column's text of the value.
    static func text(of field: FormFieldID, in rule: Rule) -> String {
        let text = field.column.text(rule)
        guard rule.isInvalid else { return text }
        if RuleProblem.scalarFields.contains(field.name), let p = rule.problems.first(where: { $0.field == field.name }) { return p.text }
        // A list or mapping keeps the items that did not parse, so the form shows and checks them.
        let broken = rule.problems.filter { $0.field == field.name }.map(\.text)
        guard !broken.isEmpty, field == .methods || field == .conditions else { return text }
        return ([text].filter { !$0.isEmpty } + broken).joined(separator: field == .methods ? " " : "; ")
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

    /// Re-checks every field with its column of the rule field table, then what only the form
    /// knows (a taken id, the order of starts and expires), and rebuilds `result`.
    mutating func validate() {
        var errors: [FormFieldID: String] = [:]
        var rule = original
        // The fields are read afresh: a rule loaded with problems is fixed once they all read.
        rule.problems = []
        for field in FormFieldID.allCases {
            var text = inputs[field]!.value
            // A code choice reads "307 Temporary Redirect"; its column reads the number.
            if field == .code { text = String(text.prefix { $0.isNumber }) }
            if field == .target, errors[.source] != nil {
                // Checking a target needs its source's captures.
                if text.trimmingCharacters(in: " ").isEmpty { errors[.target] = "required" }
                continue
            }
            do { try field.column.read(text, into: &rule) } catch { errors[field] = error.brief }
        }
        if errors[.id] == nil, isTaken(rule.id) { errors[.id] = "another rule has this id" }
        if errors[.starts] == nil, errors[.expires] == nil, let s = rule.starts, let e = rule.expires, e <= s {
            errors[.expires] = "must be after starts"
        }
        self.errors = errors
        result = errors.isEmpty ? rule : nil
    }

    /// Asks the (linear) id check only when the id changed since the last keystroke.
    private mutating func isTaken(_ id: String) -> Bool {
        if let last = lastIDCheck, last.id == id { return last.taken }
        let taken = idIsTaken(id)
        lastIDCheck = (id, taken)
        return taken
    }
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
