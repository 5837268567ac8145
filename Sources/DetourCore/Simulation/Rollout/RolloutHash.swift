/// A server's deterministic rollout decision (DESIGN §6.3): given the exact bytes the server hashes,
/// whether the client falls inside a share of `basisPoints` / 10 000. One conforming type per
/// server, in the server's folder under `Export/`, each reproducing that server's formula as
/// verified in the cookbook (`buckets.py`).
public protocol RolloutHash: Sendable {
    /// A short description of the formula, shown in traces (`nginx split_clients MurmurHash2`).
    var formula: String { get }
    /// Whether `key` is inside a rollout of `basisPoints` (0…10000). Callers handle 0 and 10000.
    func includes(key: [UInt8], basisPoints: Int) -> Bool
    /// The same decision from the rule's salt and the key's value; a server that cannot hash
    /// `salt:value` (Envoy hashes the header alone, salted by a seed) decides here instead.
    func includes(salt: String, value: String, basisPoints: Int) -> Bool
}

extension RolloutHash {
    public func includes(salt: String, value: String, basisPoints: Int) -> Bool {
        includes(key: RolloutDecider.hashInput(salt: salt, value: value), basisPoints: basisPoints)
    }
}

/// How a rule's rollout turns a request into hash input, and which server formula decides.
///
/// The hashed string is `salt + ":" + value`, where the salt is the rule's `rollout.salt` (its id by
/// default) and the value is the client address in dotted text, the cookie's value or the header's
/// first value, byte for byte as received. Exporters build exactly this string on the server. A
/// request without the key (no such cookie or header) is never inside a partial rollout.
public struct RolloutDecider: Sendable {
    public let hash: any RolloutHash

    public init(hash: any RolloutHash) { self.hash = hash }

    /// The canonical formula when neither `--as` nor `site.exports` names a server: nginx's.
    public static let canonical = RolloutDecider(hash: NginxSplitClients())

    /// The formula a server's exported config uses for rule rollouts.
    public static func forServer(_ kind: ServerKind) -> RolloutDecider { kind.target.rollout }

    /// The key value a request offers for a rollout, nil when the request lacks it.
    public static func keyValue(_ key: Rollout.Key, in request: HTTPRequest) -> String? {
        switch key {
        case .ip: return request.clientAddress
        case .cookie(let name): return request.cookie(name)
        case .header(let name): return request.header(name)
        }
    }

    /// The bytes hashed for a rule: `salt:value`.
    public static func hashInput(salt: String, value: String) -> [UInt8] {
        var bytes = Array(salt.utf8)
        bytes.append(0x3a)
        bytes.append(contentsOf: value.utf8)
        return bytes
    }

    /// Whether the rollout of `rule` includes `request`; true for rules without a partial rollout.
    public func includes(_ rule: Rule, _ request: HTTPRequest) -> Bool {
        includes(rule.rollout, salt: rule.rolloutSalt, request)
    }

    /// The same decision from a rollout and its salt (the matcher keeps these without the rule).
    public func includes(_ rollout: Rollout?, salt: String, _ request: HTTPRequest) -> Bool {
        guard let rollout, !rollout.isFull else { return true }
        guard rollout.basisPoints > 0, let value = Self.keyValue(rollout.key, in: request) else { return false }
        return hash.includes(salt: salt, value: value, basisPoints: rollout.basisPoints)
    }
}
