import DetourCore

/// The `r` panel: the request being built (method, URL, headers, cookies, client address, client
/// model, server view, time), an optional log file for batch replay, and the last result.
public struct SimulatorState: Sendable {
    /// The panel's rows in focus order; `trace` is the result list (hops are selectable there).
    public enum Field: String, CaseIterable, Sendable {
        case method, url, headers, cookies, ip, client, server, time, log, trace

        public var label: String {
            switch self {
            case .method: return "method"
            case .url: return "URL"
            case .headers: return "headers"
            case .cookies: return "cookies"
            case .ip: return "client ip"
            case .client: return "client"
            case .server: return "as server"
            case .time: return "time"
            case .log: return "replay log"
            case .trace: return "trace"
            }
        }

        /// Rows edited as text (the others are choices, or the result list).
        public var isText: Bool { ![.method, .client, .server, .trace].contains(self) }
    }

    public static let methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    public static var clients: [String] { Clients.names }
    /// `detour` (the contract) and every server the simulator models.
    public static var servers: [String] { ["detour"] + ServerKind.allCases.map(\.name) }

    public var focus: Field = .url
    public var method = 0
    public var url = TextField("/")
    /// `Name: value` pairs separated by `|`.
    public var headers = TextField()
    /// `name=value` pairs separated by `;`.
    public var cookies = TextField()
    public var ip = TextField("127.0.0.1")
    public var client = 0
    /// nil: the site's default view (its first export target, else Detour's semantics).
    public var server: Int?
    /// RFC 3339; empty means now.
    public var time = TextField()
    public var log = TextField()
    /// Position while walking the URL history with up/down (nil: editing a new URL).
    public var historyPosition: Int?
    public var result: SimulatorResult?
    /// Selected hop of a trace, or first visible line of a replay report.
    public var selectedHop = 0
    public var reportScroll = 0
    /// The job running now (simulation or replay), with its progress.
    public var running: RunningJob?

    public init() {}

    public var methodName: String { SimulatorState.methods[method] }
    public var clientName: String { SimulatorState.clients[client] }
    public var serverName: String? { server.map { SimulatorState.servers[$0] } }

    /// The text field behind a text row.
    public func text(_ field: Field) -> TextField? {
        switch field {
        case .url: return url
        case .headers: return headers
        case .cookies: return cookies
        case .ip: return ip
        case .time: return time
        case .log: return log
        default: return nil
        }
    }

    public mutating func setText(_ field: Field, _ value: TextField) {
        switch field {
        case .url: url = value
        case .headers: headers = value
        case .cookies: cookies = value
        case .ip: ip = value
        case .time: time = value
        case .log: log = value
        default: break
        }
    }
}

/// What the simulator panel shows under the request.
public enum SimulatorResult: Sendable {
    case trace(SimulationTrace, server: String, client: String)
    case replay(ReplayReport, file: String)
}

/// A background job the panel waits for; Esc cancels it.
public struct RunningJob: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case simulation, replay, export, write, verify }
    public let id: Int
    public let kind: Kind
    /// Bytes read and total, for a replay.
    public var progress: (done: Int, total: Int)?

    public static func == (a: RunningJob, b: RunningJob) -> Bool {
        a.id == b.id && a.kind == b.kind && a.progress?.done == b.progress?.done && a.progress?.total == b.progress?.total
    }
}

/// A request the loop simulates in the background (names instead of models so effects compare).
public struct SimulationJob: Sendable, Equatable {
    public let id: Int
    public let request: HTTPRequest
    /// nil: the site's default view.
    public let server: String?
    public let client: String
}

/// A log file the loop replays in the background.
public struct ReplayJob: Sendable, Equatable {
    public let id: Int
    public let path: String
    public let server: String?
    public let client: String
    /// Overrides the logged times when set.
    public let time: Timestamp?
}
