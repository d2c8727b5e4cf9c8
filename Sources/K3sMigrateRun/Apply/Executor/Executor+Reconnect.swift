import Foundation
import K3sMigrateCore

extension Executor {
    /// Runs `step`; when the host closes or resets its session under it (a reboot, an sshd
    /// restart), opens a fresh session to the same host (same host-key check, same login) and
    /// finds out on the host what the step did instead of assuming it (`StepRunner.reconcile`):
    /// a step that never reached the host just runs on the new session. A host that stays away
    /// for `options.reconnectSeconds` fails the step with both reasons. A silent host (no answer
    /// at all) is not waited for: that is a partition, and the run ends on it at once.
    func runReconnecting(_ step: Step, in context: StepContext, host: ActedHost?) async throws(StepError) -> StepReport {
        let stepStarted = Date()
        let dropped: StepError
        do throws(StepError) {
            return try await StepRunner.run(step, in: context)
        } catch {
            dropped = error
        }
        guard dropped.sessionDropped, let host else { throw dropped }
        let started = Date()
        try await dropped.reconnecting(host, within: options.reconnectSeconds)
        let lead = "the session dropped (host rebooted or sshd restarted?), a new one opened after "
            + String(format: "%.1f s", Date().timeIntervalSince(started))
        var report: StepReport
        if dropped.neverStarted {
            report = try await StepRunner.run(step, in: context)
        } else {
            report = try await StepRunner.reconcile(step, in: context, original: dropped, service: service(of: step),
                                                    stepStarted: stepStarted)
        }
        report.summary = "\(lead): \(report.summary)"
        return report
    }

    /// The K3s service of the step's host and its init system (from the host's health gate).
    private func service(of step: Step) -> HealthExpectation? {
        for gate in plan.steps where gate.kind == .healthGate && gate.host == step.host {
            if case .health(let expectation) = gate.action { return expectation }
        }
        return nil
    }
}
