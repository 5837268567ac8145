/// An RFC 3339 instant (`2026-12-31T00:00:00Z`) held as whole seconds since the Unix epoch, which is
/// the resolution every server's time condition uses.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let secondsSinceEpoch: Int64

    public init(secondsSinceEpoch: Int64) { self.secondsSinceEpoch = secondsSinceEpoch }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.secondsSinceEpoch < b.secondsSinceEpoch }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`; a date alone (`2026-12-31`) means midnight UTC.
    public init?(rfc3339 text: String) {
        let b = Array(text.utf8)
        func num(_ from: Int, _ len: Int) -> Int? {
            guard from + len <= b.count else { return nil }
            var v = 0
            for k in from..<(from + len) {
                guard b[k] >= 0x30, b[k] <= 0x39 else { return nil }
                v = v * 10 + Int(b[k] - 0x30)
            }
            return v
        }
        guard b.count >= 10, let y = num(0, 4), b[4] == 0x2d, let mo = num(5, 2), b[7] == 0x2d, let d = num(8, 2),
            (1...12).contains(mo), d >= 1, d <= Timestamp.daysIn(month: mo, year: y)
        else { return nil }
        var h = 0
        var mi = 0
        var s = 0
        var offset = 0
        if b.count > 10 {
            guard b[10] == 0x54 || b[10] == 0x74 || b[10] == 0x20, let hh = num(11, 2), b.count > 13, b[13] == 0x3a,
                let mm = num(14, 2), b.count > 16, b[16] == 0x3a, let ss = num(17, 2),
                hh < 24, mm < 60, ss < 61
            else { return nil }
            h = hh
            mi = mm
            s = min(ss, 59)
            var k = 19
            if k < b.count, b[k] == 0x2e {
                k += 1
                let start = k
                while k < b.count, b[k] >= 0x30, b[k] <= 0x39 { k += 1 }
                guard k > start else { return nil }
            }
            guard k < b.count else { return nil }
            if b[k] == 0x5a || b[k] == 0x7a {
                guard k + 1 == b.count else { return nil }
            } else if b[k] == 0x2b || b[k] == 0x2d {
                guard k + 6 == b.count, let oh = num(k + 1, 2), b[k + 3] == 0x3a, let om = num(k + 4, 2), oh < 24, om < 60 else { return nil }
                offset = (oh * 60 + om) * 60 * (b[k] == 0x2b ? 1 : -1)
            } else {
                return nil
            }
        }
        let days = Timestamp.daysFromCivil(y: y, m: mo, d: d)
        secondsSinceEpoch = Int64(days) * 86400 + Int64(h * 3600 + mi * 60 + s - offset)
    }

    /// `2026-12-31T00:00:00Z`.
    public var rfc3339: String {
        let days = Int(secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86400 : (secondsSinceEpoch - 86399) / 86400)
        let rem = Int(secondsSinceEpoch - Int64(days) * 86400)
        let (y, m, d) = Timestamp.civilFromDays(days)
        func p2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(String(y).leftPadded(4))-\(p2(m))-\(p2(d))T\(p2(rem / 3600)):\(p2(rem / 60 % 60)):\(p2(rem % 60))Z"
    }

    public var description: String { rfc3339 }

    /// The current time, whole seconds.
    public static func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(secondsSinceEpoch: Int64(ts.tv_sec))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days.
    static func daysFromCivil(y: Int, m: Int, d: Int) -> Int {
        let y = m <= 2 ? y - 1 : y
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp + (mp < 10 ? 3 : -9)
        return (m <= 2 ? y + 1 : y, m, d)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
