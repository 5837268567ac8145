/// A portable regex compiled from its AST into a Pike VM program (Thompson NFA simulation with
/// capture slots). It runs in time linear in the input for every pattern, gives PCRE's
/// leftmost-first greedy captures, and never hands the text to another engine whose dialect could
/// differ from the servers'.
public struct CompiledRegex: Sendable {
    enum Instruction: Sendable {
        case byte(UInt8)
        case set(ByteSet)
        /// Try the first branch, then the second (priority order = PCRE's greedy preference).
        case split(Int, Int)
        case jump(Int)
        case save(Int)
        case assertStart
        /// PCRE `$` without multiline: end of input, or before a final newline.
        case assertEnd
        case match
    }

    let program: [Instruction]
    /// 2 × (groups + 1): slot 0/1 is the whole match.
    let slotCount: Int
    public let groupCount: Int
    /// Whether every match must start at offset 0.
    public let isAnchoredAtStart: Bool

    /// Compiles a parsed regex; `caseInsensitive` folds ASCII letters (Detour's `case: insensitive`).
    public init(_ regex: PortableRegex, caseInsensitive: Bool = false) {
        var compiler = Compiler(caseInsensitive: caseInsensitive)
        compiler.emit(regex.root)
        compiler.program.append(.match)
        program = compiler.program
        groupCount = regex.groupCount
        slotCount = 2 * (regex.groupCount + 1)
        isAnchoredAtStart = regex.isAnchoredAtStart
    }

    private struct Compiler {
        let caseInsensitive: Bool
        var program: [Instruction] = []

        mutating func emit(_ node: RegexNode) {
            switch node {
            case .empty: break
            case .bytes(let set):
                let s = caseInsensitive ? CompiledRegex.foldCase(set) : set
                if let b = s.single { program.append(.byte(b)) } else { program.append(.set(s)) }
            case .concat(let parts): for p in parts { emit(p) }
            case .alternation(let alternatives):
                var jumpsToEnd: [Int] = []
                for (i, alt) in alternatives.enumerated() {
                    if i < alternatives.count - 1 {
                        let split = program.count
                        program.append(.split(split + 1, -1))
                        emit(alt)
                        jumpsToEnd.append(program.count)
                        program.append(.jump(-1))
                        program[split] = .split(split + 1, program.count)
                    } else {
                        emit(alt)
                    }
                }
                for j in jumpsToEnd { program[j] = .jump(program.count) }
            case .group(let inner, let capture):
                if let n = capture { program.append(.save(2 * n)) }
                emit(inner)
                if let n = capture { program.append(.save(2 * n + 1)) }
            case .repetition(let inner, let minimum, let maximum):
                for _ in 0..<minimum { emit(inner) }
                if let maximum {
                    // Nested optionals: x{2,4} = xx(x(x)?)?, each preferring one more.
                    var splits: [Int] = []
                    for _ in minimum..<maximum {
                        splits.append(program.count)
                        program.append(.split(program.count + 1, -1))
                        emit(inner)
                    }
                    for s in splits { program[s] = .split(s + 1, program.count) }
                } else {
                    let loop = program.count
                    program.append(.split(loop + 1, -1))
                    emit(inner)
                    program.append(.jump(loop))
                    program[loop] = .split(loop + 1, program.count)
                }
            case .startAnchor: program.append(.assertStart)
            case .endAnchor: program.append(.assertEnd)
            }
        }
    }

    static func foldCase(_ set: ByteSet) -> ByteSet {
        var s = set
        for b in UInt8(0x41)...0x5a where set.contains(b) || set.contains(b + 0x20) {
            s.insert(b)
            s.insert(b + 0x20)
        }
        return s
    }

    /// Whether the pattern matches anywhere in `input` (PCRE search semantics).
    public func matches(_ input: [UInt8]) -> Bool { firstMatch(input) != nil }

    /// The capture slots of the leftmost-first match (`[start0, end0, start1, end1, …]`, -1 for a
    /// group that did not take part), nil when there is none.
    public func firstMatch(_ input: [UInt8]) -> [Int]? {
        input.withUnsafeBufferPointer { run($0) }
    }

    /// The text of groups 1…n of the leftmost-first match (empty for groups that did not take part).
    public func captures(_ input: [UInt8]) -> [String]? {
        guard let slots = firstMatch(input) else { return nil }
        return (1...max(groupCount, 1)).prefix(groupCount).map { g in
            let s = slots[2 * g]
            let e = slots[2 * g + 1]
            return s >= 0 && e >= s ? String(decoding: input[s..<e], as: UTF8.self) : ""
        }
    }

    /// A sparse set of program counters with one capture-slot row per entry.
    private struct ThreadList {
        var dense: [Int]
        var sparse: [Int]
        var count = 0
        var slots: [Int]
        let width: Int

        init(size: Int, width: Int) {
            dense = Array(repeating: 0, count: size)
            sparse = Array(repeating: 0, count: size)
            slots = Array(repeating: -1, count: size * width)
            self.width = width
        }
        func contains(_ pc: Int) -> Bool {
            let i = sparse[pc]
            return i < count && dense[i] == pc
        }
        mutating func insert(_ pc: Int) -> Int {
            sparse[pc] = count
            dense[count] = pc
            count += 1
            return count - 1
        }
    }

    private func run(_ input: UnsafeBufferPointer<UInt8>) -> [Int]? {
        let n = input.count
        var current = ThreadList(size: program.count, width: slotCount)
        var next = ThreadList(size: program.count, width: slotCount)
        var scratch = Array(repeating: -1, count: slotCount)
        var matched: [Int]? = nil

        func add(_ list: inout ThreadList, _ pc: Int, _ pos: Int, _ slots: inout [Int]) {
            if list.contains(pc) { return }
            let entry = list.insert(pc)
            switch program[pc] {
            case .jump(let target): add(&list, target, pos, &slots)
            case .split(let a, let b):
                add(&list, a, pos, &slots)
                add(&list, b, pos, &slots)
            case .save(let slot):
                let old = slots[slot]
                slots[slot] = pos
                add(&list, pc + 1, pos, &slots)
                slots[slot] = old
            case .assertStart:
                if pos == 0 { add(&list, pc + 1, pos, &slots) }
            case .assertEnd:
                if pos == n || (pos == n - 1 && input[pos] == 0x0a) { add(&list, pc + 1, pos, &slots) }
            case .byte, .set, .match:
                let base = entry * slotCount
                for k in 0..<slotCount { list.slots[base + k] = slots[k] }
            }
        }

        var pos = 0
        while true {
            if matched == nil && (pos == 0 || !isAnchoredAtStart) {
                // A new attempt starting here, with the lowest priority (leftmost-first).
                for k in 0..<slotCount { scratch[k] = -1 }
                scratch[0] = pos
                add(&current, 0, pos, &scratch)
            }
            if current.count == 0 { break }
            next.count = 0
            var i = 0
            while i < current.count {
                let pc = current.dense[i]
                let base = i * slotCount
                switch program[pc] {
                case .match:
                    var result = Array(current.slots[base..<(base + slotCount)])
                    result[1] = pos
                    matched = result
                    i = current.count  // lower-priority threads are cut off
                    continue
                case .byte(let b):
                    if pos < n && input[pos] == b {
                        for k in 0..<slotCount { scratch[k] = current.slots[base + k] }
                        add(&next, pc + 1, pos + 1, &scratch)
                    }
                case .set(let s):
                    if pos < n && s.contains(input[pos]) {
                        for k in 0..<slotCount { scratch[k] = current.slots[base + k] }
                        add(&next, pc + 1, pos + 1, &scratch)
                    }
                default: break
                }
                i += 1
            }
            if pos >= n { break }
            pos += 1
            swap(&current, &next)
            if current.count == 0 && (matched != nil || isAnchoredAtStart) { break }
        }
        return matched
    }
}
