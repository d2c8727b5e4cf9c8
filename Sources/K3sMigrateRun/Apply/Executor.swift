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
    private let stopFlag = StopFlag()

    /// `resumeFrom`: the journal of an earlier attempt of the same run (same `options.runID`):
    /// steps it finished are skipped, after preflight ran again on every host.
    public init(plan: Plan, hosts: [String: any RemoteHost], options: ExecutorOptions, journal: Journal,
                resumeFrom entries: [JournalEntry]? = nil, events: @escaping @Sendable (ExecutionEvent) -> Void) {
        self.plan = plan
        self.hosts = hosts
        self.options = options
        self.journal = journal
        self.resume = entries.map(ResumePoint.init(entries:))
        self.events = events
        self.health = HealthCheck(hosts: hosts, servers: ClusterServers(plan: plan),
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
        if !options.dryRun {
            let drift = await fileProblems(done: done)
            guard drift.isEmpty else { return finish(.failedBeforeChanges(drift)) }
        }

        let now = Date()
        for step in plan.steps where done.contains(step.id) && step.kind != .preflight {
            record(.stepFinished(step, StepResult(status: .skipped, summary: "done in an earlier attempt", startedAt: now, endedAt: now)))
        }
        var progress = RunProgress(schedule: ScheduleState(steps: plan.steps, done: done, preflightFirst: resume != nil),
                                   ledger: resume?.completedChanges(in: plan) ?? [])
        await schedule(&progress)
        return finish(await conclude(&progress))
    }

    /// Before the first change, every file step checks its file (its read-only half, run as in a
    /// dry run; secrets are fetched too), so that one drifted file stops the run with no host touched.
    private func fileProblems(done: Set<String>) async -> [Diagnostic] {
        var byHost: [String: [Step]] = [:]
        var order: [String] = []
        for step in plan.steps where !done.contains(step.id) {
            switch step.action {
            case .edit, .write:
                guard let host = step.host else { continue }
                if byHost[host] == nil { order.append(host) }
                byHost[host, default: []].append(step)
            default: continue
            }
        }
        let groups = order.map { byHost[$0] ?? [] }
        let found = await BoundedConcurrency.map(groups, limit: options.maxConcurrentSteps) { steps -> [Diagnostic] in
            var problems: [Diagnostic] = []
            for step in steps {
                let context = StepContext(hostName: step.host, host: step.host.flatMap { self.hosts[$0] }, runID: self.options.runID,
                                          dryRun: true, resuming: self.resume != nil, commandTimeout: self.options.commandTimeout,
                                          environment: self.options.environment, health: self.health)
                do throws(StepError) {
                    _ = try await StepRunner.run(step, in: context)
                } catch {
                    problems.append(StepFailure.diagnostic(rule: error.rule, host: step.host, message: error.message))
                }
            }
            return problems
        }
        return found.flatMap { $0 }
    }

    // MARK: scheduling

    private func schedule(_ progress: inout RunProgress) async {
        await withTaskGroup(of: Completion.self) { group in
            while true {
                if progress.fatal.isEmpty || options.dryRun, !stopFlag.isRequested {
                    let batch = progress.schedule.next(limit: options.maxConcurrentSteps - progress.schedule.running)
                    let now = Date()
                    for step in batch.skipped {
                        record(.stepFinished(step, StepResult(status: .skipped, summary: "skipped: \(step.host ?? "-") failed and was left out",
                                                              startedAt: now, endedAt: now)))
                    }
                    for step in batch.start {
                        if step.changes, !options.dryRun { progress.changesStarted = true }
                        record(.stepStarted(step))
                        group.addTask { await self.perform(step) }
                    }
                }
                guard let completion = await group.next() else { break }
                record(.stepFinished(completion.step, completion.result))
                await settle(completion, &progress)
            }
        }
    }

    private struct Completion: Sendable {
        var step: Step
        var result: StepResult
        var failure: StepFailure?
    }

    private func perform(_ step: Step) async -> Completion {
        let started = Date()
        let context = StepContext(hostName: step.host, host: step.host.flatMap { hosts[$0] }, runID: options.runID,
                                  dryRun: options.dryRun, resuming: resume != nil, commandTimeout: options.commandTimeout,
                                  environment: options.environment, health: health)
        do throws(StepError) {
            let report = try await StepRunner.run(step, in: context)
            return Completion(step: step, result: StepResult(status: report.described ? .dryRun : .ok,
                                                             summary: Redactor.redact(report.summary),
                                                             output: OutputExcerpt.of(report.output), backups: report.backups,
                                                             startedAt: started, endedAt: Date()))
        } catch {
            let failure = StepFailure(stepID: step.id, host: step.host, kind: step.kind, rule: error.rule, message: error.message)
            return Completion(step: step, result: StepResult(status: .failed, summary: error.message,
                                                             output: OutputExcerpt.of(error.output), startedAt: started, endedAt: Date()),
                              failure: failure)
        }
    }

    /// Books a finished step: what its dependents may do, what a rollback must undo, and whether
    /// a failure stops the run or is one of the agent failures `maxFailures` allows.
    private func settle(_ completion: Completion, _ progress: inout RunProgress) async {
        let step = completion.step
        guard let failure = completion.failure else {
            if step.changes, completion.result.status == .ok { progress.ledger.append(step) }
            progress.schedule.finish(step.id, satisfied: true)
            return
        }
        if options.dryRun {
            progress.fatal.append(failure)
            progress.schedule.finish(step.id, satisfied: true)
            return
        }
        if step.changes, ResumePoint.isSafeToRepeat(step.undo), !Executor.failedBeforeActing(failure) {
            progress.ledger.append(step)
        }
        guard step.role == .agent, step.kind == .restart || step.kind == .healthGate, let host = step.host else {
            progress.fatal.append(failure)
            progress.schedule.finish(step.id, satisfied: false)
            return
        }
        progress.failedAgents.insert(host)
        guard progress.failedAgents.count <= options.maxFailures else {
            progress.fatal.append(failure)
            progress.schedule.finish(step.id, satisfied: false)
            return
        }
        progress.tolerated.append(failure)
        progress.schedule.skipHost(host)
        progress.schedule.finish(step.id, satisfied: true)
        record(.agentFailureTolerated(failure, failedAgents: progress.failedAgents.count, allowed: options.maxFailures))
        guard options.rollbackOnFailure else { return }
        let steps = progress.pendingUndo.filter { $0.host == host }
        guard !steps.isEmpty else { return }
        let report = await rollbackRunner().undo(steps, reason: "agent \(host) failed: \(failure.message)")
        // Restarts stay in the ledger: should everything be rolled back later, the agent must
        // restart again to rejoin the servers on their old settings.
        progress.undone.formUnion(steps.filter { $0.undo != .repeatAfterRestore }.map(\.id))
        progress.toleratedRemaining += report.remaining
    }

    /// Failures found before the step acted on the host: nothing of it needs undoing.
    private static func failedBeforeActing(_ failure: StepFailure) -> Bool {
        ["drift", "preflight", "secret", "no-host"].contains(failure.rule)
    }

    private func conclude(_ progress: inout RunProgress) async -> ExecutionOutcome {
        if let first = progress.fatal.first {
            if options.dryRun || !progress.changesStarted {
                return .failedBeforeChanges(progress.fatal.map(\.diagnostic))
            }
            guard options.rollbackOnFailure else { return .failedNoRollback(failure: first) }
            let report = await rollbackRunner().undo(progress.pendingUndo, reason: "\(first.stepID) failed: \(first.message)")
            let remaining = progress.toleratedRemaining + report.remaining
            return remaining.isEmpty ? .rolledBack(failure: first) : .rollbackIncomplete(failure: first, remaining: remaining)
        }
        if !progress.schedule.allFinished { return .interrupted }
        if !progress.tolerated.isEmpty {
            return .succeededExcept(tolerated: progress.tolerated, rollbackRemaining: progress.toleratedRemaining)
        }
        return .succeeded
    }

    // MARK: reporting

    func rollbackRunner() -> RollbackRunner {
        RollbackRunner(plan: plan, hosts: hosts, runID: options.runID, health: health, commandTimeout: options.commandTimeout,
                       maxConcurrent: options.maxConcurrentSteps, record: { [self] event in record(event) })
    }

    private func finish(_ outcome: ExecutionOutcome) -> ExecutionOutcome {
        record(.runFinished(outcome))
        return outcome
    }

    /// Journals the event, then hands it to the caller.
    func record(_ event: ExecutionEvent) {
        if let problem = journal.record(event) { events(.journalUnavailable(problem)) }
        events(event)
    }
}
