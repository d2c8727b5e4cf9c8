import Foundation
import K3sMigrateCore

/// Runs a plan: steps start when all their dependencies succeeded, independent steps run in
/// parallel, at most one step at a time per host. Every step is journaled before and after. On
/// failure no new step starts, in-flight steps finish, and every completed change is undone in
/// reverse order (see `RollbackRunner`). The executor never prints: it reports `ExecutionEvent`s.
public final class Executor: Sendable {
    let plan: Plan
    let hosts: [String: any RemoteHost]
    let options: ExecutorOptions
    let journal: Journal
    let resume: ResumePoint?
    let events: @Sendable (ExecutionEvent) -> Void
    let health: HealthCheck
    let stopFlag = StopFlag()
    /// Per host, what its steps will write (checked for room at preflight).
    let spaceNeeds: [String: [FreeSpaceProbe.Need]]
    /// Facts gathered at the start of this run, before the plan was made; nil when there are none
    /// (resume). Preflight takes what they already answer from them.
    let facts: FleetFacts?

    /// `resumeFrom`: the journal of an earlier attempt of the same run (same `options.runID`):
    /// steps it finished are skipped, after preflight ran again on every host.
    public init(plan: Plan, hosts: [String: any RemoteHost], options: ExecutorOptions, journal: Journal,
                resumeFrom entries: [JournalEntry]? = nil, facts: FleetFacts? = nil, events: @escaping @Sendable (ExecutionEvent) -> Void) {
        self.plan = plan
        self.hosts = hosts
        self.options = options
        self.journal = journal
        self.resume = entries.map(ResumePoint.init(entries:))
        let done = self.resume?.done ?? []
        self.spaceNeeds = Dictionary(grouping: plan.steps.filter { $0.host != nil && !done.contains($0.id) }, by: { $0.host ?? "" })
            .mapValues { FreeSpaceProbe.needs(of: $0, runID: options.runID) }.filter { !$0.value.isEmpty }
        self.events = events
        self.facts = entries == nil ? facts : nil
        self.health = HealthCheck(hosts: hosts, servers: ClusterServers(plan: plan, extra: options.clusterServers, facts: facts),
                                  pollInterval: options.healthPollInterval, commandTimeout: options.commandTimeout)
    }

    /// Asks the run to stop (SIGINT/SIGTERM): no new step starts; in-flight steps finish; the
    /// outcome is `.interrupted`. A rollback already under way completes.
    public func requestStop() {
        if stopFlag.request() { record(.stopRequested) }
    }

    /// Runs the plan once.
    public func run() async -> ExecutionOutcome {
        guard plan.hasChanges else {
            events(.runFinished(.nothingToDo))
            return .nothingToDo
        }
        let done = resume?.done ?? []
        var problems = PlanPreconditions.problems(plan: plan, hosts: hosts, options: options, done: done)
        if RunID.isValid(options.runID) {
            do { try journal.savePlan(plan) } catch { problems += error.diagnostics }
        }
        record(.runStarted(RunStart(runID: options.runID, cluster: plan.cluster, playbook: plan.playbook,
                                    dryRun: options.dryRun, resuming: resume != nil, rollbackOnly: false,
                                    steps: plan.steps.count, changingSteps: plan.steps.filter(\.changes).count,
                                    hosts: plan.changedHosts)))
        guard problems.isEmpty else { return finish(.failedBeforeChanges(problems)) }
        // Drifted files stop apply before any step; a dry run reports them beside the preflight's
        // findings, and a failed preflight ends it there, as it ends apply.
        let drift = await fileProblems(done: done)
        if !options.dryRun, !drift.isEmpty { return finish(.failedBeforeChanges(drift)) }

        let now = Date()
        for step in plan.steps where done.contains(step.id) && step.kind != .preflight {
            record(.stepFinished(step, StepResult(status: .skipped, summary: "done in an earlier attempt", startedAt: now, endedAt: now)))
        }
        var progress = RunProgress(schedule: ScheduleState(steps: plan.steps, done: done, preflightFirst: resume != nil),
                                   ledger: resume?.completedChanges(in: plan) ?? [])
        await schedule(&progress)
        let outcome = await conclude(&progress)
        guard options.dryRun, !drift.isEmpty else { return finish(outcome) }
        guard case .failedBeforeChanges(let found) = outcome else { return finish(.failedBeforeChanges(drift)) }
        return finish(.failedBeforeChanges(drift + found.filter { !drift.contains($0) }))
    }

    // MARK: reporting

    func rollbackRunner() -> RollbackRunner {
        RollbackRunner(plan: plan, hosts: hosts, runID: options.runID, health: health, commandTimeout: options.commandTimeout,
                       maxConcurrent: options.maxConcurrentSteps, record: { [self] event in record(event) })
    }

    func finish(_ outcome: ExecutionOutcome) -> ExecutionOutcome {
        record(.runFinished(outcome))
        return outcome
    }

    /// Journals the event, then hands it to the caller.
    func record(_ event: ExecutionEvent) {
        if let problem = journal.record(event) { events(.journalUnavailable(problem)) }
        events(event)
    }
}
