import Foundation

/// Who holds a lock: written into the local lock file and the lock file on each host, so that
/// whoever finds the lock taken can name the holder.
public struct LockOwner: Codable, Sendable, Hashable {
    /// Login name on the controller.
    public var user: String
    /// Host name of the machine running k3smigrate.
    public var controllerHost: String
    public var pid: Int32
    public var runID: String
    public var cluster: String
    public var startedAt: Date
    /// Refreshed while the run lasts; a host lock whose heartbeat is too old is stale.
    public var heartbeatAt: Date

    public init(user: String, controllerHost: String, pid: Int32, runID: String, cluster: String,
                startedAt: Date, heartbeatAt: Date? = nil) {
        self.user = user
        self.controllerHost = controllerHost
        self.pid = pid
        self.runID = runID
        self.cluster = cluster
        self.startedAt = startedAt
        self.heartbeatAt = heartbeatAt ?? startedAt
    }

    /// This process, now.
    public static func current(runID: String, cluster: String, at now: Date = Date()) -> LockOwner {
        LockOwner(user: currentUser(), controllerHost: currentHostName(), pid: getpid(), runID: runID,
                  cluster: cluster, startedAt: now)
    }

    public func beating(at time: Date) -> LockOwner {
        var copy = self
        copy.heartbeatAt = time
        return copy
    }

    /// One line of JSON, keys sorted, times as ISO-8601 UTC: the lock files' content.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.string(date))
        }
        // Encoding strings, integers and dates cannot fail.
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// Reads what `json()` wrote; nil for anything else (empty, half-written, foreign).
    public init?(json: String) {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = Timestamp.date(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO-8601 time: \(text)")
            }
            return date
        }
        guard let owner = try? decoder.decode(LockOwner.self, from: Data(json.utf8)) else { return nil }
        self = owner
    }

    /// `root@ctl1 pid 4242, run 20261128-031500-ab12, since 03:15:00 UTC`
    public func holderDescription(now: Date) -> String {
        "\(user)@\(controllerHost) pid \(pid), run \(runID), since \(LockTime.describe(startedAt, now: now))"
    }

    private static func currentUser() -> String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            return String(cString: name)
        }
        return ProcessInfo.processInfo.environment["USER"] ?? "uid \(geteuid())"
    }

    private static func currentHostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown-host" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "unknown-host" : name
    }
}
