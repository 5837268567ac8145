/// Why a construct was not imported, as the report prints it.
struct ImportWhy: Error, Equatable {
    let text: String
    init(_ text: String) { self.text = text }
}
