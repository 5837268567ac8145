#if canImport(Glibc)
    import Glibc
#endif

/// Reads an access log (nginx/Apache combined or common format) into a `NotFoundSummary`,
/// streaming it line by line.
public enum NotFoundLog {
    public static func read(path: String) throws -> NotFoundSummary {
        guard let file = fopen(path, "r") else { throw ReplayError(message: "\(path): cannot open (\(String(cString: strerror(errno))))") }
        defer { fclose(file) }
        var summary = NotFoundSummary()
        var linePointer: UnsafeMutablePointer<CChar>? = nil
        var capacity = 0
        defer { free(linePointer) }
        while true {
            let n = getline(&linePointer, &capacity, file)
            if n < 0 { break }
            let length = n > 0 && linePointer![n - 1] == 0x0a ? n - 1 : n
            summary.lines += 1
            let entry = linePointer!.withMemoryRebound(to: UInt8.self, capacity: n) {
                AccessLogLine.parse(UnsafeBufferPointer(start: $0, count: length))
            }
            if let entry { summary.add(entry) } else { summary.withoutStatus += 1 }
        }
        if ferror(file) != 0 { throw ReplayError(message: "\(path): read error") }
        return summary
    }

    public static func read(lines: [String]) -> NotFoundSummary {
        var summary = NotFoundSummary()
        for line in lines {
            summary.lines += 1
            if let entry = AccessLogLine.parse(line) { summary.add(entry) } else { summary.withoutStatus += 1 }
        }
        return summary
    }
}
