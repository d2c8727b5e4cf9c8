import Foundation
import K3sMigrateCore

/// Undoes completed steps. Files and undo commands go first, per host in reverse completion
/// order (hosts in parallel); then the steps undone by running them again (daemon-reload,
/// restart) in the plan's order, so that the old settings come back under the same ordering
/// rules as the new ones went in: servers one at a time, each gated on health (without the
/// backend check), then agents.
struct RollbackRunner: Sendable {
    let plan: Plan
    let hosts: [String: any RemoteHost]
    let runID: String
    let health: HealthCheck
    let commandTimeout: Int
    let maxConcurrent: Int
    let record: @Sendable (ExecutionEvent) -> Void
    /// Seconds to reach a host again after it closed or reset the session under an undo.
    var reconnectSeconds: Double = 120

    /// `steps` in the order they completed.
    func undo(_ steps: [Step], reason: String) async -> RollbackReport {
        record(.rollbackStarted(reason: Redactor.redact(reason), steps: steps.map(\.id)))
        let hostNames = orderedHosts(steps)
        let restoring = hostNames.map { host in steps.filter { $0.host == host && $0.undo != .repeatAfterRestore }.reversed() as [Step] }
        var report = RollbackReport()
        for part in await BoundedConcurrency.map(restoring, limit: maxConcurrent, { await self.undoInOrder($0, healthAfterRestart: false) }) {
            report.undone += part.undone
            report.remaining += part.remaining
        }
        let repeating = inPlanOrder(hostNames.map { host in steps.filter { $0.host == host && $0.undo == .repeatAfterRestore } }
            .filter { !$0.isEmpty })
        let servers = repeating.filter { $0.first?.role == .server }
        let others = repeating.filter { $0.first?.role != .server }
        for hostSteps in servers {
            let part = await undoInOrder(hostSteps, healthAfterRestart: true)
            report.undone += part.undone
            report.remaining += part.remaining
        }
        for part in await BoundedConcurrency.map(others, limit: maxConcurrent, { await self.undoInOrder($0, healthAfterRestart: true) }) {
            report.undone += part.undone
            report.remaining += part.remaining
        }
        record(.rollbackFinished(report))
        return report
    }

    /// Each host's repeated steps in plan order, hosts ordered by where their restart (else their
    /// first step) sits in the plan: the plan's restart order, whatever order steps completed in.
    private func inPlanOrder(_ groups: [[Step]]) -> [[Step]] {
        var position: [String: Int] = [:]
        for (index, step) in plan.steps.enumerated() where position[step.id] == nil { position[step.id] = index }
        func key(_ group: [Step]) -> Int {
            let anchor = group.first { $0.kind == .restart } ?? group[0]
            return position[anchor.id] ?? Int.max
        }
        return groups.map { group in group.sorted { (position[$0.id] ?? Int.max) < (position[$1.id] ?? Int.max) } }
            .sorted { key($0) < key($1) }
    }

    private func orderedHosts(_ steps: [Step]) -> [String] {
        var seen = Set<String>()
        return steps.compactMap { step in
            guard let host = step.host, seen.insert(host).inserted else { return nil }
            return host
        }
    }

    /// Undoes `steps` one after another on one host; then, when a restart was among them, waits
    /// for the host's health gate.
    private func undoInOrder(_ steps: [Step], healthAfterRestart: Bool) async -> RollbackReport {
        var report = RollbackReport()
        var unreachable = false
        for step in steps {
            switch await undoOne(step) {
            case .undone: report.undone.append(step.id)
            case .failed: report.remaining.append(step.id)
            case .unreachable:
                report.remaining.append(step.id)
                unreachable = true
            }
        }
        // A host that can't be reached stays as it is: waiting for its health tells nothing more.
        if healthAfterRestart, !unreachable, let restart = steps.first(where: { $0.kind == .restart }), let host = restart.host,
           let gate = plan.steps.first(where: { $0.kind == .healthGate && $0.host == host }),
           case .health(let expectation) = gate.action {
            let started = Date()
            do throws(StepError) {
                let summary = try await health.wait(host: host, role: gate.role ?? HealthCheck.role(of: expectation),
                                                    expectation: expectation, checkBackend: false)
                record(.rollbackHealthChecked(gate, StepResult(status: .ok, summary: summary, startedAt: started, endedAt: Date())))
            } catch {
                record(.rollbackHealthChecked(gate, StepResult(status: .failed, summary: error.message, startedAt: started, endedAt: Date())))
                report.remaining.append(gate.id)
            }
        }
        return report
    }

    enum UndoResult {
        case undone
        case failed
        /// Nothing reached the host (its session is gone): the step's change is still there.
        case unreachable
    }

    private func undoOne(_ step: Step) async -> UndoResult {
        if step.undo == .nothing { return .undone }
        record(.undoStarted(step))
        let started = Date()
        do throws(StepError) {
            let (summary, output) = try await performReconnecting(step)
            record(.undoFinished(step, StepResult(status: .undone, summary: Redactor.redact(summary),
                                                  output: OutputExcerpt.of(output), startedAt: started, endedAt: Date())))
            return .undone
        } catch {
            record(.undoFinished(step, StepResult(status: .failed, summary: error.message, output: OutputExcerpt.of(error.output),
                                                  startedAt: started, endedAt: Date())))
            return error.neverStarted ? .unreachable : .failed
        }
    }

    /// A host that closed or reset the session under an undo (it rebooted, sshd restarted) is
    /// reached with a new session and the undo runs again: restoring a file compares it with its
    /// backup first, and a restart or daemon-reload may run twice. An undo command, whose effect
    /// can't be read back, keeps its failure.
    private func performReconnecting(_ step: Step) async throws(StepError) -> (String, CommandResult?) {
        do throws(StepError) {
            return try await perform(step)
        } catch {
            guard error.sessionDropped, step.undo != .nothing, !isUndoCommand(step.undo),
                  let host = step.host.flatMap({ hosts[$0] }) else { throw error }
            try await error.reconnecting(host, within: reconnectSeconds)
            let (summary, output) = try await perform(step)
            return ("the session dropped (host rebooted or sshd restarted?), a new one opened: " + summary, output)
        }
    }

    private func isUndoCommand(_ undo: Undo) -> Bool {
        if case .command = undo { return true }
        return false
    }

    private func perform(_ step: Step) async throws(StepError) -> (String, CommandResult?) {
        let name = step.host ?? "-"
        guard let host = step.host.flatMap({ hosts[$0] }) else {
            throw StepError("no-host", "host \(name): no connection, so \(step.id) cannot be undone")
        }
        let context = StepContext(hostName: name, host: host, runID: runID, dryRun: false, resuming: false,
                                  commandTimeout: commandTimeout, environment: [:], health: health)
        switch step.undo {
        case .nothing:
            return ("nothing to undo", nil)
        case .restoreFile(let path, _):
            return (try await FileRestorer(host: host, hostName: name, runID: runID).restore(path), nil)
        case .command(let planned):
            let command = RunPlaceholder.resolve(planned, run: runID)
            let result = try await context.run(command, what: "undo `\(command.script)`")
            return ("ran `\(command.script)`", result)
        case .repeatAfterRestore:
            guard case .run(let command) = step.action else { return ("nothing to run again", nil) }
            if step.kind == .restart { return try await RestartStep(command: command).redo(in: context) }
            let result = try await context.run(command, what: "`\(command.script)` (again, after the restore)")
            return ("ran `\(command.script)` again", result)
        case .impossible(let reason):
            throw StepError("irreversible", "host \(name): \(step.id) cannot be undone: \(reason)")
        }
    }
}
