import K3sMigrateCore

/// A step's end, handed from its task back to the scheduling loop.
struct StepCompletion: Sendable {
    var step: Step
    var result: StepResult
    /// Set when `result.status` is `.failed`.
    var failure: StepFailure?
}
