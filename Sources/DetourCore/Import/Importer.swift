/// Options every importer understands.
public struct ImportOptions: Sendable {
    /// The site host for sources that name none (`.htaccess`, `_redirects`, an nginx snippet).
    public var host: String?

    public init(host: String? = nil) { self.host = host }
}

/// The outcome of an import: the rules (in Detour's first-match order) and the report.
public struct ImportResult: Sendable {
    public var ruleSet: RuleSet
    public var report: ImportReport

    public init(ruleSet: RuleSet, report: ImportReport) {
        self.ruleSet = ruleSet
        self.report = report
    }
}

/// Reads another server's or platform's redirect configuration into Detour rules (issue 16). One
/// importer per format, in its own folder under `Import/`, listed once in `Importers.all`.
public protocol Importer: Sendable {
    /// The name users type: `detour import nginx …`.
    var format: String { get }
    /// Imports `files` (read in order, as one configuration). Throws `ImportError` for input that
    /// cannot be read or parsed; constructs that cannot be carried go to the report instead.
    func importFiles(_ files: [String], options: ImportOptions) throws -> ImportResult
}

/// Every importer Detour has; `detour import FORMAT` looks the format up here.
public enum Importers {
    public static let all: [any Importer] = [NginxImporter()]

    public static func named(_ name: String) -> (any Importer)? {
        all.first { $0.format == name.lowercased() }
    }

    /// `nginx`, for help texts and errors.
    public static var names: String { all.map(\.format).joined(separator: ", ") }
}
