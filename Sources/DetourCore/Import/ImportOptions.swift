/// Options every importer understands.
public struct ImportOptions: Sendable {
    /// The site host for sources that name none (`.htaccess`, `_redirects`, an nginx snippet).
    public var host: String?

    public init(host: String? = nil) { self.host = host }
}
