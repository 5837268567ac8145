/// What a CSV rule file parsed from a mapping keeps for saving: a copy of its header and of every
/// row that is not a plain row ending like the first plain row. Those plain rows get an empty
/// range instead, and a save rebuilds them from their rules, which gives back their bytes.
struct CSVKeptRows {
    let bytes: [UInt8]
    let header: Range<Int>
    let ranges: [Range<Int>]
    let plainRowEnd: [UInt8]

    init(_ file: UnsafeBufferPointer<UInt8>, header headerRange: Range<Int>, body: inout CSVBulkLoad.Result) {
        var ranges = body.ranges
        // Now the only reference, so the ranges are rewritten in place.
        body.ranges = []
        var kept = Array(file[headerRange])
        header = 0..<kept.count
        var plainEnd: [UInt8]? = nil
        for k in ranges.indices {
            let row = ranges[k]
            let end = CSVKeptRows.lineEnd(file, row)
            if body.plain[k] {
                if plainEnd == nil { plainEnd = Array(file[end]) }
                if file[end].elementsEqual(plainEnd!) {
                    ranges[k] = kept.count..<kept.count
                    continue
                }
            }
            let start = kept.count
            kept.append(contentsOf: file[row])
            ranges[k] = start..<kept.count
        }
        bytes = kept
        self.ranges = ranges
        plainRowEnd = plainEnd ?? []
    }

    /// The line break that ends `row`: CRLF, LF, CR or nothing (the file's last row).
    static func lineEnd(_ file: UnsafeBufferPointer<UInt8>, _ row: Range<Int>) -> Range<Int> {
        var start = row.upperBound
        if start > row.lowerBound, file[start - 1] == 0x0a {
            start -= 1
            if start > row.lowerBound, file[start - 1] == 0x0d { start -= 1 }
        } else if start > row.lowerBound, file[start - 1] == 0x0d {
            start -= 1
        }
        return start..<row.upperBound
    }
}
