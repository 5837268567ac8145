/// One request read from an access log: nginx/Apache combined (or common) format, or a plain
/// `METHOD URL` / `URL` line.
public struct AccessLogLine: Sendable, Equatable {
    public let method: String
    /// A path or an absolute URL, as logged.
    public let target: String
    public let clientAddress: String?
    public let time: Timestamp?
    /// The response status a combined/common line logged; nil for plain lines.
    public var status: Int? = nil

    /// Parses one line (without its newline); nil when it is neither format.
    public static func parse(_ line: UnsafeBufferPointer<UInt8>) -> AccessLogLine? {
        var end = line.count
        while end > 0 && (line[end - 1] == 0x0d || line[end - 1] == 0x20 || line[end - 1] == 0x09) { end -= 1 }
        var start = 0
        while start < end && (line[start] == 0x20 || line[start] == 0x09) { start += 1 }
        guard start < end else { return nil }
        guard let quote = firstIndex(of: 0x22, in: line, from: start, to: end) else {
            return plain(line, start, end)
        }
        // combined: ADDR IDENT USER [TIME] "METHOD TARGET PROTO" STATUS BYTES "REF" "UA"
        let addrEnd = firstIndex(of: 0x20, in: line, from: start, to: end) ?? end
        let address = string(line, start, addrEnd)
        var time: Timestamp? = nil
        if let open = firstIndex(of: 0x5b, in: line, from: addrEnd, to: quote),
            let close = firstIndex(of: 0x5d, in: line, from: open, to: quote)
        {
            time = parseLogTime(line, open + 1, close)
        }
        guard let closeQuote = firstIndex(of: 0x22, in: line, from: quote + 1, to: end) else { return nil }
        let requestStart = quote + 1
        guard let sp1 = firstIndex(of: 0x20, in: line, from: requestStart, to: closeQuote) else { return nil }
        let sp2 = firstIndex(of: 0x20, in: line, from: sp1 + 1, to: closeQuote) ?? closeQuote
        guard sp1 > requestStart, sp2 > sp1 + 1 else { return nil }
        let method = string(line, requestStart, sp1)
        guard isMethod(method) else { return nil }
        let target = string(line, sp1 + 1, sp2)
        guard target.hasPrefix("/") || target.hasPrefix("http://") || target.hasPrefix("https://") else { return nil }
        return AccessLogLine(
            method: method, target: target, clientAddress: address.isEmpty ? nil : address, time: time,
            status: loggedStatus(line, after: closeQuote, end: end))
    }

    /// The three digits after the quoted request line, when they are there.
    private static func loggedStatus(_ line: UnsafeBufferPointer<UInt8>, after quote: Int, end: Int) -> Int? {
        var i = quote + 1
        while i < end && line[i] == 0x20 { i += 1 }
        guard i + 3 <= end else { return nil }
        var value = 0
        for k in i..<(i + 3) {
            guard line[k] >= 0x30 && line[k] <= 0x39 else { return nil }
            value = value * 10 + Int(line[k] - 0x30)
        }
        return i + 3 == end || line[i + 3] == 0x20 ? value : nil
    }

    public static func parse(_ text: String) -> AccessLogLine? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { parse(UnsafeBufferPointer($0)) }
    }

    private static func plain(_ line: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> AccessLogLine? {
        if let sp = firstIndex(of: 0x20, in: line, from: start, to: end) {
            let method = string(line, start, sp)
            var t = sp
            while t < end && line[t] == 0x20 { t += 1 }
            let target = string(line, t, end)
            guard isMethod(method), !target.contains(" "), target.hasPrefix("/") || target.hasPrefix("http://") || target.hasPrefix("https://") else {
                return nil
            }
            return AccessLogLine(method: method, target: target, clientAddress: nil, time: nil)
        }
        let target = string(line, start, end)
        guard target.hasPrefix("/") || target.hasPrefix("http://") || target.hasPrefix("https://") else { return nil }
        return AccessLogLine(method: "GET", target: target, clientAddress: nil, time: nil)
    }

    private static func isMethod(_ m: String) -> Bool {
        !m.isEmpty && m.utf8.count <= 16 && m.utf8.allSatisfy { ($0 >= 0x41 && $0 <= 0x5a) || $0 == 0x2d }
    }

    private static func firstIndex(of byte: UInt8, in line: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        var i = from
        while i < to {
            if line[i] == byte { return i }
            i += 1
        }
        return nil
    }

    private static func string(_ line: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: line[from..<max(from, to)]), as: UTF8.self)
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].map { Array($0.utf8) }

    /// `10/Oct/2026:13:55:36 -0700`.
    static func parseLogTime(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Timestamp? {
        guard to - from >= 26 else { return nil }
        func num(_ at: Int, _ len: Int) -> Int? {
            var v = 0
            for k in at..<(at + len) {
                let c = b[from + k]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            return v
        }
        let month = Array(b[(from + 3)..<(from + 6)])
        guard let d = num(0, 2), let mo = months.firstIndex(of: month), let y = num(7, 4), let h = num(12, 2), let mi = num(15, 2),
            let s = num(18, 2), let oh = num(22, 2), let om = num(24, 2)
        else { return nil }
        let sign: Int64 = b[from + 21] == 0x2d ? -1 : 1
        let days = Int64(Timestamp.daysFromCivil(y: y, m: mo + 1, d: d))
        let local = days * 86400 + Int64(h * 3600 + mi * 60 + s)
        return Timestamp(secondsSinceEpoch: local - sign * Int64(oh * 3600 + om * 60))
    }
}
