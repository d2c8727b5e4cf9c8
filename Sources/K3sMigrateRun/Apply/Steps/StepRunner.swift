import Foundation
import K3sMigrateCore

/// Picks the code for a step from what it does. Every step kind has its own type and file, and
/// each serves both dry-run and apply through `StepContext.change`.
enum StepRunner {
    static func run(_ step: Step, in context: StepContext) async throws(StepError) -> StepReport {
        switch step.action {
        case .none: return BarrierStep(title: step.title).run()
        case .checks(let checks): return try await PreflightStep(checks: checks).run(in: context)
        case .backup(let path): return try await BackupStep(path: path).run(in: context)
        case .edit(let change): return try await EditFileStep(change: change).run(in: context)
        case .write(let write): return try await WriteFileStep(write: write).run(in: context)
        case .run(let command) where step.kind == .restart: return try await RestartStep(command: command).run(in: context)
        case .run(let command): return try await CommandStep(command: command, kind: step.kind).run(in: context)
        case .removeCiliumRules(let removal): return try await CiliumRulesStep(removal: removal).run(in: context)
        case .health(let expectation):
            return try await HealthGateStep(expectation: expectation, role: step.role).run(in: context)
        }
    }

    /// After the host dropped the session under `step` (it may have acted) and a new session is
    /// open: what the step did, found out on the host. Each kind checks its own outcome; a kind
    /// whose effect can't be read back keeps its failure (`original`).
    static func reconcile(_ step: Step, in context: StepContext, original: StepError, service: HealthExpectation?,
                          stepStarted: Date) async throws(StepError) -> StepReport {
        switch step.action {
        case .none, .checks, .backup, .health:
            // Read-only, or a copy of a file not yet changed: running it again is the check.
            return try await run(step, in: context)
        case .edit(let change): return try await EditFileStep(change: change).reconcile(in: context)
        case .write(let write): return try await WriteFileStep(write: write).reconcile(in: context)
        case .run(let command):
            switch step.kind {
            case .restart:
                return try await RestartStep(command: command).reconcile(in: context, service: service?.service, manager: service?.manager,
                                                                       stepStarted: stepStarted)
            case .daemonReload: return try await CommandStep(command: command, kind: step.kind).run(in: context)
            default: throw original
            }
        case .removeCiliumRules: throw original
        }
    }
}
