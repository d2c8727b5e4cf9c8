import Foundation
import K3sMigrateCore

extension Executor {
    /// Starts every step whose dependencies succeeded, at most one per host, until nothing is
    /// running and nothing can start (done, failed, or stopped).
    func schedule(_ progress: inout RunProgress) async {
        await withTaskGroup(of: StepCompletion.self) { group in
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

    private func perform(_ step: Step) async -> StepCompletion {
        let started = Date()
        let host = step.host.flatMap { hosts[$0] }.map(ActedHost.init)
        var context = StepContext(hostName: step.host, host: host, runID: options.runID,
                                  dryRun: options.dryRun, resuming: resume != nil, commandTimeout: options.commandTimeout,
                                  environment: options.environment, health: health, stop: stopFlag,
                                  facts: step.host.flatMap { facts?.hosts[$0] })
        if step.kind == .preflight, let name = step.host { context.spaceNeeds = spaceNeeds[name] ?? [] }
        do throws(StepError) {
            let report = try await runReconnecting(step, in: context, host: host)
            let result = StepResult(status: report.described ? .dryRun : .ok, summary: Redactor.redact(report.summary),
                                    output: OutputExcerpt.of(report.output), backups: report.backups,
                                    startedAt: started, endedAt: Date())
            return StepCompletion(step: step, result: result)
        } catch {
            // Only a real run's changing step matters here; no host at all also means nothing ran.
            let neverRan = step.changes && !options.dryRun && !(host?.mayHaveActed ?? false)
            let failure = StepFailure(stepID: step.id, host: step.host, kind: step.kind, rule: error.rule, message: error.message,
                                      neverRan: neverRan)
            let summary = neverRan ? error.message + " (it never started on the host: nothing to undo)" : error.message
            let result = StepResult(status: error.rule == StepError.interruptedRule ? .interrupted : .failed, summary: summary,
                                    output: OutputExcerpt.of(error.output),
                                    startedAt: started, endedAt: Date())
            return StepCompletion(step: step, result: result, failure: failure)
        }
    }

    /// Books a finished step: what its dependents may do, what a rollback must undo, and whether
    /// a failure stops the run or is one of the agent failures `maxFailures` allows.
    private func settle(_ completion: StepCompletion, _ progress: inout RunProgress) async {
        let step = completion.step
        guard let failure = completion.failure else {
            if step.changes, completion.result.status == .ok { progress.ledger.append(step) }
            progress.schedule.finish(step.id, satisfied: true)
            return
        }
        if failure.rule == StepError.interruptedRule {
            // A wait cut short by the stop changed nothing: the run ends interrupted, not failed,
            // and `--resume` runs the gate again.
            progress.schedule.finish(step.id, satisfied: false)
            return
        }
        if options.dryRun {
            // Every failure is reported, but a failed preflight ends the dry run as it ends apply:
            // nothing behind the preflight barrier is described as if it would run.
            progress.fatal.append(failure)
            progress.schedule.finish(step.id, satisfied: step.kind != .preflight)
            return
        }
        if step.changes, ResumePoint.isSafeToRepeat(step.undo), !Executor.failedBeforeActing(failure), !failure.neverRan {
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

    func conclude(_ progress: inout RunProgress) async -> ExecutionOutcome {
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
}
