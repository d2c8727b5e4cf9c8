/// One finding of validation, planning or preflight, always tied to a host and/or file.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible, Error {
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        case warning
        case error

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .warning && rhs == .error
        }
    }

    public var severity: Severity
    /// Stable rule identifier, e.g. `server-only-key-on-agent`.
    public var rule: String
    public var host: String?
    public var location: SourceLocation?
    public var message: String

    public init(_ severity: Severity, rule: String, host: String? = nil, location: SourceLocation? = nil, _ message: String) {
        self.severity = severity
        self.rule = rule
        self.host = host
        self.location = location
        self.message = message
    }

    public static func error(_ rule: String, host: String? = nil, at location: SourceLocation? = nil, _ message: String) -> Diagnostic {
        Diagnostic(.error, rule: rule, host: host, location: location, message)
    }

    public static func warning(_ rule: String, host: String? = nil, at location: SourceLocation? = nil, _ message: String) -> Diagnostic {
        Diagnostic(.warning, rule: rule, host: host, location: location, message)
    }

    /// One line: `error: host web1: /etc/rancher/k3s/config.yaml:3: message [rule]`.
    public var description: String {
        var parts = ["\(severity.rawValue):"]
        if let host { parts.append("host \(host):") }
        if let location { parts.append("\(location):") }
        parts.append(message)
        return parts.joined(separator: " ") + " [\(rule)]"
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Deterministic order: host, file, line, rule, message.
    public func sortedForReport() -> [Diagnostic] {
        sorted {
            ($0.host ?? "", $0.location?.file ?? "", $0.location?.line ?? 0, $0.rule, $0.message)
                < ($1.host ?? "", $1.location?.file ?? "", $1.location?.line ?? 0, $1.rule, $1.message)
        }
    }
}

/// A failure that carries every problem found, so callers report them all at once.
public struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
