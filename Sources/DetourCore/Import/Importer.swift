/// Reads another server's or platform's redirect configuration into Detour rules (issue 16). One
/// importer per format, in its own folder under `Import/`, listed once in `Importers.all`.
public protocol Importer: Sendable {
    /// The name users type: `detour import nginx …`.
    var format: String { get }
    /// Imports `files` (read in order, as one configuration). Throws `ImportError` for input that
    /// cannot be read or parsed; constructs that cannot be carried go to the report instead.
    func importFiles(_ files: [String], options: ImportOptions) throws -> ImportResult
    /// Whether `contents` (read from `path`) is this format's configuration: how `detour edit
    /// site.conf` knows to import a file and `detour check` names the importer to use. Formats
    /// that cannot be told from their text answer false (the default).
    func detect(contents: String, path: String) -> Bool
}

extension Importer {
    public func detect(contents: String, path: String) -> Bool { false }
}
