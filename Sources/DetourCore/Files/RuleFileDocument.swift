/// A rule file on disk as the editor and the commands see it: load by path (YAML or CSV by
/// extension), render or save an edited rule set through the format's own writer, refuse to
/// overwrite a file that changed on disk since it was loaded unless forced.
public struct RuleFileDocument: Sendable {
    /// The file formats Detour reads and writes.
    public enum Format: Sendable, Equatable {
        case yaml
        case csv

        /// The format a path's extension names; YAML for anything that is not `.csv`.
        public static func of(path: String) -> Format {
            path.lowercased().hasSuffix(".csv") ? .csv : .yaml
        }
    }

    public let path: String
    public let format: Format
    /// The rules as last loaded or saved.
    public private(set) var ruleSet: RuleSet
    /// The file's stamp when last loaded or saved; nil for a file that does not exist yet.
    public private(set) var stamp: AtomicFile.Stamp?
    private var yaml: YAMLRuleFile?
    private var csv: CSVRuleFile?

    /// Loads `path`. Throws `RuleFileError` (every problem with its position) or `AtomicFile.Failure`.
    /// A CSV file is parsed straight from a mapping of it and keeps only what saving needs.
    /// The document's stamp is that of the version read, taken from the open file.
    public static func load(path: String) throws -> RuleFileDocument {
        if Format.of(path: path) == .csv {
            // A bulk file usually replaces one loaded before (a reload): what that one freed goes back
            // first, and the parse's own scratch arrays after it.
            let bulk = (AtomicFile.stamp(path)?.size ?? 0) >= FreedMemory.bulkFileBytes
            if bulk { FreedMemory.returnToSystem() }
            let (csv, stamp) = try AtomicFile.withMappedBytesAndStamp(path) { (try CSVRuleFile.parse(mapped: $0, file: path), $1) }
            if bulk { FreedMemory.returnToSystem() }
            return RuleFileDocument(path: path, csv: csv, stamp: stamp)
        }
        let (bytes, stamp) = try AtomicFile.readWithStamp(path)
        return try RuleFileDocument(path: path, bytes: bytes, stamp: stamp)
    }

    private init(path: String, csv: CSVRuleFile, stamp: AtomicFile.Stamp?) {
        self.path = path
        self.format = .csv
        self.stamp = stamp
        self.csv = csv
        ruleSet = csv.ruleSet
    }

    /// A document from bytes already read (`stamp` of the file they came from, if any).
    public init(path: String, bytes: [UInt8], stamp: AtomicFile.Stamp? = nil) throws {
        self.path = path
        self.format = Format.of(path: path)
        self.stamp = stamp
        switch format {
        case .yaml:
            let y: YAMLRuleFile
            do { y = try YAMLRuleFile.parse(bytes, file: path) } catch let e as RuleFileError {
                // A server configuration opened as a rule file (a Traefik dynamic.yml too): name the
                // importer instead.
                let text = String(decoding: bytes.prefix(1 << 16), as: UTF8.self)
                if let importer = Importers.detect(contents: text, path: path) {
                    throw RuleFileError(file: path, message: ImportOpening.hint(path: path, format: importer.format))
                }
                throw e
            }
            yaml = y
            ruleSet = y.ruleSet
        case .csv:
            let c = try CSVRuleFile.parse(bytes, file: path)
            csv = c
            ruleSet = c.ruleSet
        }
    }

    /// How many comments the file holds: what a conversion to the other format cannot carry
    /// (a CSV keeps only the `#` lines before its header).
    public var commentCount: Int { yaml?.comments.count ?? csv?.preamble.commentCount ?? 0 }

    /// The bytes this document would write for `set`.
    public func render(_ set: RuleSet) -> [UInt8] {
        switch format {
        case .yaml: return yaml?.render(set) ?? Array(RuleYAMLWriter.document(set).utf8)
        case .csv: return (csv ?? CSVRuleFile.empty(file: path)).render(set)
        }
    }

    /// Whether the file on disk is no longer the one loaded (edited elsewhere, replaced, deleted).
    public var hasChangedOnDisk: Bool { !AtomicFile.isUnchanged(path, since: stamp) }

    /// Saves `set` atomically and makes it the new baseline. Without `force`, refuses with
    /// `AtomicFile.Failure.changedOnDisk` when the file changed since it was loaded (checked right
    /// before the rename). A read-only file is refused (`.readOnly`) unless `overwriteReadOnly`.
    public mutating func save(_ set: RuleSet, force: Bool = false, overwriteReadOnly: Bool = false) throws {
        let options = AtomicFile.WriteOptions(expected: stamp, checkConflict: !force, overwriteReadOnly: overwriteReadOnly)
        switch format {
        case .csv:
            let next = (csv ?? CSVRuleFile.empty(file: path)).saved(set)
            stamp = try AtomicFile.write(to: path, options: options) { try $0.write(next.bytes) }
            csv = next
            ruleSet = next.ruleSet
        case .yaml:
            let bytes = render(set)
            let newStamp = try AtomicFile.write(to: path, options: options) { try $0.write(bytes) }
            // Read back what was written so the next save splices against the new text.
            self = try RuleFileDocument(path: path, bytes: bytes, stamp: newStamp)
        }
    }

    /// Writes `set` to another path in that path's format (for `convert`, `import -o` and "save
    /// as"). `options.expected` is what the caller saw at that path before (nil: no file).
    public static func write(_ set: RuleSet, to path: String, options: AtomicFile.WriteOptions = .init()) throws {
        try AtomicFile.write(to: path, options: options) { sink in
            switch Format.of(path: path) {
            case .yaml: try RuleYAMLWriter.document(set) { try sink.write($0) }
            case .csv: try sink.write(CSVRuleFile.empty(file: path).render(set))
            }
        }
    }
}
