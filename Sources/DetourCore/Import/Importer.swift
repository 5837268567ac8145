/// Reads another server's or platform's redirect configuration into Detour rules (issue 16). One
/// importer per format, in its own folder under `Import/`, listed once in `Importers.all`.
public protocol Importer: Sendable {
    /// The name users type: `detour import nginx …`.
    var format: String { get }
    /// Imports `files` (read in order, as one configuration). Throws `ImportError` for input that
    /// cannot be read or parsed; constructs that cannot be carried go to the report instead.
    func importFiles(_ files: [String], options: ImportOptions) throws -> ImportResult
}
