import DetourCore

// The rule form: typing, field focus, choices, apply and cancel.
extension Editor {
    static func formKey(_ key: Key, _ form: FormState, _ s: inout AppState, now: Timestamp) -> [Effect] {
        var form = form
        var formCommand = s.keymap.command(for: key, in: .form)
        if case .text = form.input(form.focus) {
            if formCommand == .nextChoice || formCommand == .previousChoice { formCommand = nil }
            if formCommand == nil || formCommand == .insertNow {
                if let c = s.keymap.command(for: key, in: .textField) ?? formCommand, form.apply(c, now: now) {
                    s.mode = .form(form)
                    return []
                }
                if case .char(let c) = key {
                    form.type(String(c))
                    s.mode = .form(form)
                    return []
                }
            }
        }
        guard let command = formCommand else { return [] }
        switch command {
        case .nextField: form.moveFocus(by: 1)
        case .previousField: form.moveFocus(by: -1)
        case .nextChoice, .previousChoice, .insertNow: _ = form.apply(command, now: now)
        case .applyForm:
            guard let rule = form.result else {
                let bad = form.firstInvalidField!
                form.focus = bad
                s.mode = .form(form)
                s.status = .error("\(bad.label): \(form.errors[bad]!)")
                return []
            }
            s.mode = .table
            switch form.purpose {
            case .edit(let i):
                if rule != s.rules[i] { perform(.replace(index: i, old: s.rules[i], new: rule), &s) } else { s.status = .info("no changes") }
            case .add(let at):
                perform(.insert(index: min(at, s.rules.count), rule: rule), &s)
            case .accept(let at, let item):
                accept(rule, item: item, at: min(at, s.rules.count), &s)
            }
            return []
        case .cancelForm:
            if form.isModified { s.mode = .confirm(.discardForm(form)) } else { s.mode = .table }
            return []
        default: break
        }
        s.mode = .form(form)
        return []
    }

    /// A blank rule for `a`: a free id; source and target left for the user.
    static func newRuleTemplate(_ s: AppState) -> Rule {
        let root = try! Source.parse("/")
        return Rule(
            id: uniqueID(base: "rule-\(s.rules.count + 1)", s), source: root,
            target: try! Target.parse("/", captureCount: 0, sourceIsPrefix: false), code: .found)
    }

    static func uniqueID(base: String, _ s: AppState) -> String {
        var id = base
        var n = 2
        while s.rules.contains(where: { $0.id == id }) {
            id = "\(base)-\(n)"
            n += 1
        }
        return id
    }

    /// Answers "does another rule already use this id?" for the form, without building an index of
    /// every id (10⁶ rules) when the form opens.
    static func idChecker(_ s: AppState, except index: Int?) -> @Sendable (String) -> Bool {
        let rules = s.rules
        return { id in
            for (i, r) in rules.enumerated() where r.id == id && i != index { return true }
            return false
        }
    }
}
