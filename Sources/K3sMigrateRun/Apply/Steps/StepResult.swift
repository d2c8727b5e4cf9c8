import Foundation

/// How one step (or one undo) ended, as events and the journal report it.
public struct StepResult: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case ok
        case failed
        case skipped
        case undone
        case dryRun = "dry-run"
        /// A wait that changes nothing (health gate) ended by Ctrl-C/SIGTERM.
        case interrupted
    }

    public var status: Status
    /// One line, secrets redacted: what was done, or what would be done in a dry run, or why it failed.
    public var summary: String
    /// The first 2 KiB of stdout and of stderr, secrets redacted.
    public var output: String
    /// Backup files this step wrote on its host.
    public var backups: [String]
    public var startedAt: Date
    public var endedAt: Date

    public init(status: Status, summary: String, output: String = "", backups: [String] = [],
                startedAt: Date, endedAt: Date) {
        self.status = status
        self.summary = summary
        self.output = output
        self.backups = backups
        self.startedAt = startedAt
        self.endedAt = endedAt
    }
}
