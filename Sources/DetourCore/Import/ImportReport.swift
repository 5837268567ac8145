/// What an import carried and what it did not (issue 16: "nothing silently dropped"): the number
/// of rules imported, the directives skipped because they are not redirects (by reason), and each
/// redirect construct that could not be carried exactly, with where it is and why.
public struct ImportReport: Sendable, Equatable {
    /// One redirect construct left out: `SOURCE:LINE: construct — why it was not imported`.
    public struct NotImported: Sendable, Equatable, CustomStringConvertible {
        public let file: String
        public let line: Int
        public let construct: String
        public let why: String

        public init(file: String, line: Int, construct: String, why: String) {
            self.file = file
            self.line = line
            self.construct = construct
            self.why = why
        }

        public var description: String { "\(file):\(line): \(construct) — \(why)" }
    }

    public var imported = 0
    /// Directives that are not redirects, counted by reason (`root`, `internal rewrite (last)`).
    public var skippedByReason: [String: Int] = [:]
    public var notImported: [NotImported] = []
    /// What a user must know about how the source's semantics were carried although nothing was
    /// left out (Netlify's file shadowing, a platform's trailing-slash handling).
    public var notes: [String] = []

    public init() {}

    public var skipped: Int { skippedByReason.values.reduce(0, +) }

    /// True when every redirect construct became rules.
    public var isComplete: Bool { notImported.isEmpty }

    mutating func skip(_ reason: String) { skippedByReason[reason, default: 0] += 1 }

    mutating func notImported(_ file: String, _ line: Int, _ construct: String, _ why: String) {
        notImported.append(NotImported(file: file, line: line, construct: construct, why: why))
    }

    /// `items` by file (in the order `files` first names them), then line: the order a reader
    /// goes through the sources in, whatever order the importer found the problems in.
    static func inFileOrder(_ items: [NotImported], files: [String]) -> [NotImported] {
        var rank: [String: Int] = [:]
        for f in files where rank[f] == nil { rank[f] = rank.count }
        return items.enumerated().sorted {
            let a = (rank[$0.element.file] ?? Int.max, $0.element.line, $0.offset)
            let b = (rank[$1.element.file] ?? Int.max, $1.element.line, $1.offset)
            return a < b
        }.map(\.element)
    }

    /// The report as `detour import` prints it to stderr.
    public var text: String {
        var out = ""
        for n in notImported { out += n.description + "\n" }
        for n in notes { out += "note: " + n + "\n" }
        out += "imported \(imported) rule\(imported == 1 ? "" : "s"), skipped \(skipped) non-redirect directive\(skipped == 1 ? "" : "s")"
        if !skippedByReason.isEmpty {
            out +=
                " ("
                + skippedByReason.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
        }
        out += ", \(notImported.count) not imported\n"
        return out
    }

    /// `{"imported": N, "skipped": N, "notImported": [{file, line, construct, why}]}`.
    public var json: String {
        var out = "{\"imported\": \(imported), \"skipped\": \(skipped), \"notImported\": ["
        out += notImported.map {
            "{\"file\": \(JSON.string($0.file)), \"line\": \($0.line), \"construct\": \(JSON.string($0.construct)), \"why\": \(JSON.string($0.why))}"
        }.joined(separator: ", ")
        out += "]"
        if !notes.isEmpty { out += ", \"notes\": [" + notes.map(JSON.string).joined(separator: ", ") + "]" }
        return out + "}\n"
    }
}
