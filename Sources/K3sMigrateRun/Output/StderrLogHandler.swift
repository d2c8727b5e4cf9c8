import Foundation
import Logging

/// swift-log's handler for k3smigrate: one line per message on stderr, `k3smigrate[debug] host s1:
/// message`. Every message passes through the Redactor first, so a secret that reached a log call
/// still never reaches the terminal or a CI log.
public struct StderrLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let label: String

    public init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        var line = "k3smigrate[\(event.level)]"
        if let host = merged.removeValue(forKey: "host") { line += " host \(host):" }
        line += " " + Redactor.redact(event.message.description)
        if !merged.isEmpty {
            line += " (" + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\(Redactor.redact($0.value.description))" }.joined(separator: ", ") + ")"
        }
        FileHandle.standardError.write(Data((Self.printable(line) + "\n").utf8))
    }

    /// Remote output can hold control characters: shown escaped, never sent to the terminal.
    static func printable(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F { out += scalar == "\n" ? "\\n" : String(format: "\\x%02x", scalar.value) }
            else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    /// The level from `-v` (debug), `-vv` (trace) and K3SMIGRATE_LOG (info, debug, trace...);
    /// the more verbose of the two wins.
    public static func level(verbosity: Int, environment: [String: String]) -> Logger.Level {
        let fromFlag: Logger.Level = verbosity >= 2 ? .trace : verbosity == 1 ? .debug : .notice
        let fromEnvironment = environment["K3SMIGRATE_LOG"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .notice
        return min(fromFlag, fromEnvironment)
    }
}
