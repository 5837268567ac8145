/// Why a construct was not imported, as the report prints it.
struct ImportWhy: Error, Equatable {
    let text: String
    init(_ text: String) { self.text = text }

    /// What every importer says of a construct limited to one scheme: rules can be (`scheme:`), but
    /// no importer translates the source's scheme tests yet.
    static let schemeNotTranslated = "the import does not translate scheme conditions yet (a rule can have `scheme: http`; write it by hand)"
}
