import K3sMigrateCore

/// Everything `k3smigrate apply`, `rollback` and `--resume` were asked to do.
public struct ApplyRequest: Sendable {
    public var fleet: FleetInput.Arguments
    /// Playbook name or file; nil when a saved plan file or a resume gives the plan.
    public var playbook: String?
    public var planOptions: PlanOptions
    public var dryRun: Bool
    /// `--yes`: steps that can't be undone may run without a prompt.
    public var yes: Bool
    public var maxFailures: Int
    public var rollbackOnFailure: Bool
    public var stateDirectory: String
    /// `--resume ID`: continue that run, skipping what its journal shows done.
    public var resumeRunID: String?
    public var healthPollInterval: Double
    /// A plan saved by `plan --out`: applied exactly, refused if any fact it depends on drifted.
    public var planFile: String?
    /// `--force-unlock`: take host locks even from a live run (says what that breaks).
    public var forceUnlock: Bool
    /// `--set KEY=VALUE`: values that replace the playbook's own.
    public var settingOverrides: [SettingOverride] = []
    /// The run id to use instead of a new one (a fleet run names its clusters' runs up front, so
    /// that its journal can point at them before they start). Host locks a crashed attempt left
    /// under this id are removed first, as on resume.
    public var runID: String?

    public init(fleet: FleetInput.Arguments, playbook: String?, planOptions: PlanOptions, dryRun: Bool, yes: Bool,
                maxFailures: Int, rollbackOnFailure: Bool, stateDirectory: String, resumeRunID: String?,
                healthPollInterval: Double = 1, planFile: String? = nil, forceUnlock: Bool = false) {
        self.planFile = planFile
        self.forceUnlock = forceUnlock
        self.fleet = fleet
        self.playbook = playbook
        self.planOptions = planOptions
        self.dryRun = dryRun
        self.yes = yes
        self.maxFailures = maxFailures
        self.rollbackOnFailure = rollbackOnFailure
        self.stateDirectory = stateDirectory
        self.resumeRunID = resumeRunID
        self.healthPollInterval = healthPollInterval
    }
}

/// How a session ended, for the command line to print and turn into an exit code.
public enum SessionResult: Sendable {
    /// Refused before any change: every problem found.
    case refused([Diagnostic])
    case finished(runID: String, outcome: ExecutionOutcome)
    case rolledBack(runID: String, report: RollbackReport)
}
