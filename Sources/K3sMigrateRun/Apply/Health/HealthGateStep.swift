import K3sMigrateCore

/// Waits until the service is active and the node Ready on the expected backend. Dry-run
/// describes the wait: before the restart it happens after, the old state would only mislead.
struct HealthGateStep {
    let expectation: HealthExpectation
    let role: Role?

    func run(in context: StepContext) async throws(StepError) -> StepReport {
        let description = "wait up to \(expectation.timeoutSeconds)s until " + HealthCheck.expected(expectation, checkBackend: true)
        return try await context.change(description) { () throws(StepError) in
            let summary = try await context.health.wait(host: context.name, role: role ?? HealthCheck.role(of: expectation),
                                                        expectation: expectation, checkBackend: true, stop: context.stop)
            return StepReport(summary: summary)
        }
    }
}
