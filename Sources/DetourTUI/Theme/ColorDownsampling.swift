/// How many colours the terminal can show.
public enum ColorCapability: Int, Sendable, Comparable {
    case none = 0
    case eight = 8
    case sixteen = 16
    case palette256 = 256

    public init(colors: Int) {
        switch colors {
        case 256...: self = .palette256
        case 16..<256: self = .sixteen
        case 8..<16: self = .eight
        default: self = .none
        }
    }

    public static func < (a: ColorCapability, b: ColorCapability) -> Bool { a.rawValue < b.rawValue }
}

/// Maps theme colours to what a terminal can show, without touching its palette: `#rrggbb` to the
/// nearest xterm-256 entry, then to 16 or 8 colours; with 8 colours a light colour becomes its base
/// colour plus bold.
public enum ColorDownsampling {
    /// A terminal colour number (-1: the terminal's default), plus whether bold stands in for
    /// "light" on an 8-colour terminal.
    public struct TerminalColor: Sendable, Hashable {
        public let index: Int
        public let needsBold: Bool
    }

    public static func map(_ c: ColorValue?, to cap: ColorCapability) -> TerminalColor {
        guard let c, cap != .none else { return TerminalColor(index: -1, needsBold: false) }
        switch c {
        case .terminalDefault:
            return TerminalColor(index: -1, needsBold: false)
        case .ansi(let n):
            if cap == .eight && n >= 8 { return TerminalColor(index: Int(n) - 8, needsBold: true) }
            return TerminalColor(index: Int(n), needsBold: false)
        case .indexed(let n):
            if cap == .palette256 || n < (cap == .eight ? 8 : 16) { return TerminalColor(index: Int(n), needsBold: false) }
            return map(.ansi(nearestANSI(rgb(ofIndex: Int(n)), count: cap == .eight ? 8 : 16)), to: cap)
        case .rgb(let r, let g, let b):
            if cap == .palette256 { return TerminalColor(index: nearest256(r, g, b), needsBold: false) }
            // With 8 colours only the base colours are candidates: "light black" would become
            // black plus bold, which vanishes on a black background.
            return map(.ansi(nearestANSI((Int(r), Int(g), Int(b)), count: cap == .eight ? 8 : 16)), to: cap)
        }
    }

    static let cubeLevels = [0, 95, 135, 175, 215, 255]

    /// Nearest entry of the 6×6×6 cube or the grey ramp (16–255).
    public static func nearest256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        func level(_ v: UInt8) -> Int {
            var best = 0
            for (i, l) in cubeLevels.enumerated() where abs(l - Int(v)) < abs(cubeLevels[best] - Int(v)) { best = i }
            return best
        }
        let (ri, gi, bi) = (level(r), level(g), level(b))
        let cube = 16 + 36 * ri + 6 * gi + bi
        let cubeRGB = (cubeLevels[ri], cubeLevels[gi], cubeLevels[bi])
        let avg = (Int(r) + Int(g) + Int(b)) / 3
        let greyIndex = max(0, min(23, (avg - 8 + 5) / 10))
        let greyValue = 8 + 10 * greyIndex
        let target = (Int(r), Int(g), Int(b))
        return distance(target, (greyValue, greyValue, greyValue)) < distance(target, cubeRGB) ? 232 + greyIndex : cube
    }

    /// The xterm default RGB of a palette index.
    public static func rgb(ofIndex n: Int) -> (Int, Int, Int) {
        if n < 16 { return ansiRGB[n] }
        if n >= 232 {
            let v = 8 + 10 * (n - 232)
            return (v, v, v)
        }
        let i = n - 16
        return (cubeLevels[i / 36], cubeLevels[(i / 6) % 6], cubeLevels[i % 6])
    }

    /// xterm's default values for the 16 ANSI colours.
    static let ansiRGB: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255)
    ]

    static func nearestANSI(_ c: (Int, Int, Int), count: Int) -> UInt8 {
        var best = 0
        for i in 0..<count where distance(c, ansiRGB[i]) < distance(c, ansiRGB[best]) { best = i }
        return UInt8(best)
    }

    static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let dr = a.0 - b.0
        let dg = a.1 - b.1
        let db = a.2 - b.2
        return 3 * dr * dr + 4 * dg * dg + 2 * db * db
    }
}
