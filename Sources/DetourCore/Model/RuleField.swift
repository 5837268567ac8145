/// One field of a rule (DESIGN §2.2) as every surface sees it: its YAML key, what it holds, its
/// default and meaning (for `docs/` and `schema/`), and the text columns that carry it in CSV and
/// in the editor's form. Declared once, in `RuleFieldTable`.
public struct RuleField: Sendable {
    /// The YAML key.
    public let name: String
    /// What the field holds, as the docs write it (Markdown).
    public let type: String
    /// The value an absent field means, as the docs write it (Markdown).
    public let defaultText: String
    /// Why a user would set it, as the docs write it (Markdown).
    public let meaning: String
    /// Whether a rule without it is an error.
    public let isRequired: Bool
    /// The value a JSON Schema states as `default`, when there is one.
    public let schemaDefault: String?
    /// The text columns that carry the field (one, except `rollout`: percent, key and salt).
    public let columns: [RuleFieldColumn]
}

/// One text form of (part of) a rule field: a CSV column and, when `inForm`, a row of the editor's
/// form. Its text is empty exactly when the value is the default, so an empty CSV cell or form
/// field means "default".
public struct RuleFieldColumn: Sendable {
    /// The CSV column name, and the key the form's field is known by.
    public let name: String
    /// The form's label.
    public let label: String
    /// What an empty field means, shown dimmed in the form.
    public let placeholder: String
    /// Whether the editor's form shows it.
    public let inForm: Bool
    /// Whether spaces around the text are dropped before it is read (all but free text).
    public let trimsSpaces: Bool
    /// The rule's value as text ("" for the default).
    public let text: @Sendable (Rule) -> String
    /// Whether the rule's value is the default: `text(rule).isEmpty` without building the text,
    /// which a save asks of every rule of a 10⁶-rule file.
    public let isDefault: @Sendable (Rule) -> Bool
    private let parse: @Sendable (String, inout Rule) throws(RuleFieldTextError) -> Void

    init(
        name: String, label: String, placeholder: String, inForm: Bool, trimsSpaces: Bool = true,
        isDefault: (@Sendable (Rule) -> Bool)? = nil,
        text: @escaping @Sendable (Rule) -> String,
        read: @escaping @Sendable (String, inout Rule) throws(RuleFieldTextError) -> Void
    ) {
        self.name = name
        self.label = label
        self.placeholder = placeholder
        self.inForm = inForm
        self.trimsSpaces = trimsSpaces
        self.text = text
        self.isDefault = isDefault ?? { text($0).isEmpty }
        self.parse = read
    }

    /// Sets the value from text ("" sets the default). Columns are read in table order, so a
    /// column may rely on an earlier one of the same rule (a target on its source, a rollout key on
    /// its percentage).
    public func read(_ text: String, into rule: inout Rule) throws(RuleFieldTextError) {
        try parse(trimsSpaces ? text.trimmingSpaces() : text, &rule)
    }
}

/// A column's text that does not give a value, described for a file's diagnostics and, briefly,
/// for the form's message column.
public struct RuleFieldTextError: Error, Sendable, Equatable {
    public enum Problem: Sendable, Equatable {
        /// The text is not of the expected shape (`keep or drop`).
        case expected(String)
        /// A problem the field's parser explains itself (a regex outside the subset).
        case detail(String)
    }

    /// The column whose text it is.
    public let column: String
    public let problem: Problem
    /// The text that was read.
    public let found: String
    /// The problem in a few words, for the editor form.
    public let brief: String
    /// Where in the text the problem is (character offset), for sources and targets.
    public let offset: Int

    public init(column: String, problem: Problem, found: String, brief: String, offset: Int = 0) {
        self.column = column
        self.problem = problem
        self.found = found
        self.brief = brief
        self.offset = offset
    }

    /// `query must be keep or drop, found 'x'`, or `when: …`: a CSV diagnostic.
    public var message: String {
        switch problem {
        case .expected(let what): return "\(column) must be \(what), found '\(found)'"
        case .detail(let text): return "\(column): \(text)"
        }
    }

    /// The same with the key quoted, as YAML diagnostics name keys: `'query' must be …`.
    public var quotedMessage: String {
        switch problem {
        case .expected(let what): return "'\(column)' must be \(what), found '\(found)'"
        case .detail(let text): return "\(column): \(text)"
        }
    }
}
