/// The exact paths of the rules sharing a region, as a trie the path search walks beside the rule
/// automata: a path the trie accepts is one of them and is compared on its own (one simulation per
/// context), so thousands of exact rules under a prefix never enter the product.
struct ExactPathTrie {
    /// `edges[node]`: byte → child node.
    private var edges: [[UInt8: Int32]] = [[:]]
    private var terminal: [Bool] = [false]
    let foldCase: Bool
    /// Bytes on some edge; the search gives each its own representative.
    private(set) var bytes = Set<UInt8>()

    init(paths: [[UInt8]], foldCase: Bool, foldSlash: Bool) {
        self.foldCase = foldCase
        for p in paths {
            insert(p)
            if foldSlash, p.count > 1 { insert(p.last == 0x2f ? Array(p.dropLast()) : p + [0x2f]) }
        }
    }

    private mutating func insert(_ path: [UInt8]) {
        var node = 0
        for raw in path {
            let b = foldCase ? FirstMatchEvaluator.lower(raw) : raw
            bytes.insert(b)
            if foldCase, b != raw { bytes.insert(raw) }
            if let next = edges[node][b] {
                node = Int(next)
            } else {
                edges.append([:])
                terminal.append(false)
                edges[node][b] = Int32(edges.count - 1)
                node = edges.count - 1
            }
        }
        terminal[node] = true
    }

    var isEmpty: Bool { edges.count == 1 && !terminal[0] }

    /// The node after `b` (-1: no exact path continues this way).
    func step(_ node: Int32, _ b: UInt8) -> Int32 {
        guard node >= 0 else { return -1 }
        return edges[Int(node)][foldCase ? FirstMatchEvaluator.lower(b) : b] ?? -1
    }

    func accepts(_ node: Int32) -> Bool { node >= 0 && terminal[Int(node)] }
}
