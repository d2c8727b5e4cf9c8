import Foundation

/// How `apply` runs a plan. The plan decides what happens; these decide how carefully.
public struct ExecutorOptions: Sendable {
    /// Names the journal directory and the backup directory on every host.
    public var runID: String
    /// Perform only the read-only parts of each step (preflight, drift checks) and describe the rest.
    public var dryRun: Bool
    /// Undo every completed change when a step fails (`--no-rollback` turns it off).
    public var rollbackOnFailure: Bool
    /// Agents whose restart or health gate may fail (each is rolled back alone) before the run stops.
    public var maxFailures: Int
    /// `--yes`: steps that cannot be undone may run.
    public var confirmedIrreversible: Bool
    /// Seconds between two polls of a health gate.
    public var healthPollInterval: Double
    /// Seconds a remote command may run before it is killed.
    public var commandTimeout: Int
    /// Steps running at the same time across the fleet (still at most one per host).
    public var maxConcurrentSteps: Int
    /// Where secret sources named `environment(...)` are looked up.
    public var environment: [String: String]
    /// Servers outside the plan (e.g. with `--limit agents`) that health gates may ask about a
    /// node, after the plan's own servers; each must be in the executor's `hosts`.
    public var clusterServers: [String]
    /// Seconds to reach a host again after it closed or reset a step's session (a reboot, an
    /// sshd restart) before the step counts as failed.
    public var reconnectSeconds: Double = 120

    public init(runID: String, dryRun: Bool = false, rollbackOnFailure: Bool = true, maxFailures: Int = 0,
                confirmedIrreversible: Bool = false, healthPollInterval: Double = 1, commandTimeout: Int = 300,
                maxConcurrentSteps: Int = 32, environment: [String: String] = ProcessInfo.processInfo.environment,
                clusterServers: [String] = []) {
        self.runID = runID
        self.dryRun = dryRun
        self.rollbackOnFailure = rollbackOnFailure
        self.maxFailures = max(0, maxFailures)
        self.confirmedIrreversible = confirmedIrreversible
        self.healthPollInterval = max(0, healthPollInterval)
        self.commandTimeout = max(1, commandTimeout)
        self.maxConcurrentSteps = max(1, maxConcurrentSteps)
        self.environment = environment
        self.clusterServers = clusterServers
    }
}
