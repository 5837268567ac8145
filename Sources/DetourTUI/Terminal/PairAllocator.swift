/// Hands out curses colour pairs for (foreground, background) lazily; pair 0 is the terminal's
/// default. When pairs run out, it reuses the pair with the nearest foreground instead of failing.
public struct PairAllocator {
    public let limit: Int
    private var pairs: [Pair: Int] = [:]
    private let initPair: (Int, Int, Int) -> Void

    struct Pair: Hashable {
        let fg: Int
        let bg: Int
    }

    /// `initPair(pair, fg, bg)` defines a pair in the terminal (`init_extended_pair`).
    public init(limit: Int, initPair: @escaping (Int, Int, Int) -> Void) {
        self.limit = limit
        self.initPair = initPair
    }

    /// The pair number for the colours (-1: the terminal default).
    public mutating func pair(fg: Int, bg: Int) -> Int {
        if fg == -1 && bg == -1 { return 0 }
        let key = Pair(fg: fg, bg: bg)
        if let p = pairs[key] { return p }
        let next = pairs.count + 1
        guard next < limit else {
            return pairs.min { a, b in
                (a.key.bg == bg ? 0 : 1000) + abs(a.key.fg - fg) < (b.key.bg == bg ? 0 : 1000) + abs(b.key.fg - fg)
            }?.value ?? 0
        }
        initPair(next, fg, bg)
        pairs[key] = next
        return next
    }

    public var count: Int { pairs.count }
}
