/// A synchronisation point: nothing runs; it succeeds once everything before it did.
struct BarrierStep {
    let title: String

    func run() -> StepReport { StepReport(summary: title) }
}
