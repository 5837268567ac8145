/// Results of effects on their way back to the loop's thread, where `update` handles them in
/// the order they arrived.
final class Inbox: Sendable {
    private let items = Locked<[Action]>([])

    func post(_ action: Action) {
        items.update { $0.append(action) }
    }

    /// Everything waiting, without blocking.
    func drain() -> [Action] {
        items.update { items in
            defer { items.removeAll() }
            return items
        }
    }

    /// Everything waiting, after waiting up to `timeout` seconds for something to arrive.
    func wait(timeout: Double) -> [Action] {
        items.wait(until: { !$0.isEmpty }, timeout: timeout) { items in
            defer { items.removeAll() }
            return items
        }
    }
}
