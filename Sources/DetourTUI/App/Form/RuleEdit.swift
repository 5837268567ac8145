import DetourCore

/// One reversible change to the rule list. Undo applies the inverse; storing changes instead of
/// snapshots keeps an edit O(1) in memory with 10⁶ rules.
public enum RuleEdit: Sendable, Hashable {
    case replace(index: Int, old: Rule, new: Rule)
    case insert(index: Int, rule: Rule)
    case remove(index: Int, rule: Rule)
    /// Swaps the rule at `index` with the one below it (J/K: order is precedence).
    case swapWithNext(index: Int)
    case replaceAll(old: [Rule], new: [Rule])

    public var inverse: RuleEdit {
        switch self {
        case .replace(let i, let old, let new): return .replace(index: i, old: new, new: old)
        case .insert(let i, let r): return .remove(index: i, rule: r)
        case .remove(let i, let r): return .insert(index: i, rule: r)
        case .swapWithNext(let i): return .swapWithNext(index: i)
        case .replaceAll(let old, let new): return .replaceAll(old: new, new: old)
        }
    }

    public func apply(to rules: inout [Rule]) {
        switch self {
        case .replace(let i, _, let new): rules[i] = new
        case .insert(let i, let r): rules.insert(r, at: i)
        case .remove(let i, _): rules.remove(at: i)
        case .swapWithNext(let i): rules.swapAt(i, i + 1)
        case .replaceAll(_, let new): rules = new
        }
    }

    /// The rule index to select after applying this edit.
    public var focusIndex: Int {
        switch self {
        case .replace(let i, _, _), .insert(let i, _): return i
        case .remove(let i, _): return max(0, i - 1)
        case .swapWithNext(let i): return i + 1
        case .replaceAll: return 0
        }
    }

    /// What the status line says after it.
    public var summary: String {
        switch self {
        case .replace(_, let old, let new):
            if old.enabled != new.enabled,
                {
                    var o = old
                    o.enabled = new.enabled
                    return o == new
                }()
            {
                return (new.enabled ? "enabled " : "disabled ") + new.id
            }
            return "edited " + new.id
        case .insert(_, let r): return "added " + r.id
        case .remove(_, let r): return "deleted " + r.id
        case .swapWithNext: return "moved rule"
        case .replaceAll: return "replaced all rules"
        }
    }
}

/// Undo and redo history. Every entry has a serial number so "unsaved" is simply "the serial on
/// top differs from the one that was saved", which stays right across undo and redo.
public struct UndoStack: Sendable {
    public struct Entry: Sendable {
        public let edit: RuleEdit
        public let serial: Int
    }
    public private(set) var done: [Entry] = []
    public private(set) var undone: [Entry] = []
    private var nextSerial = 1

    public init() {}

    /// Serial of the state the rules are in (0: as loaded).
    public var currentSerial: Int { done.last?.serial ?? 0 }

    public mutating func record(_ edit: RuleEdit) {
        done.append(Entry(edit: edit, serial: nextSerial))
        nextSerial += 1
        undone.removeAll()
    }

    public mutating func popUndo() -> RuleEdit? {
        guard let e = done.popLast() else { return nil }
        undone.append(e)
        return e.edit.inverse
    }

    public mutating func popRedo() -> RuleEdit? {
        guard let e = undone.popLast() else { return nil }
        done.append(e)
        return e.edit
    }
}
