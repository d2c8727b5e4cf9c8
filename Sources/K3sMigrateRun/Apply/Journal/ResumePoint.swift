import K3sMigrateCore

/// What an earlier attempt of a run did, read from its journal (possibly several attempts, and
/// rollbacks, one after another).
struct ResumePoint: Sendable {
    enum State: Equatable {
        case started
        case succeeded
        case failed
        case undone
        /// Only described (dry run).
        case described
    }

    /// Last known state of each step.
    private(set) var states: [String: State] = [:]
    /// Step ids in the order of their last start or end line.
    private(set) var order: [String] = []

    init(entries: [JournalEntry]) {
        var position: [String: Int] = [:]
        var counter = 0
        for entry in entries {
            guard let id = entry.stepID else { continue }
            let state: State
            switch (entry.kind, entry.result) {
            case (.stepStarted?, _): state = .started
            case (.stepFinished?, .ok?): state = .succeeded
            case (.stepFinished?, .failed?): state = .failed
            case (.stepFinished?, .dryRun?): state = .described
            case (.undoFinished?, .undone?): state = .undone
            default: continue
            }
            states[id] = state
            counter += 1
            position[id] = counter
        }
        order = position.sorted { $0.value < $1.value }.map(\.key)
    }

    /// Steps an earlier attempt finished and no rollback undid.
    var done: Set<String> { Set(states.filter { $0.value == .succeeded }.keys) }

    /// Changing steps to undo, in the order they ran: those that succeeded, plus those that failed
    /// or never finished when their undo is safe to repeat (restore a file, run again).
    func undoCandidates(in plan: Plan) -> [Step] {
        let steps = ResumePoint.byID(plan)
        return order.compactMap { id in
            guard let step = steps[id], step.changes, let state = states[id] else { return nil }
            switch state {
            case .succeeded: return step
            case .started, .failed: return ResumePoint.isSafeToRepeat(step.undo) ? step : nil
            case .undone, .described: return nil
            }
        }
    }

    /// Changing steps that succeeded, in the order they ran.
    func completedChanges(in plan: Plan) -> [Step] {
        let steps = ResumePoint.byID(plan)
        return order.compactMap { id in
            guard states[id] == .succeeded, let step = steps[id], step.changes else { return nil }
            return step
        }
    }

    /// Step ids of the plan that the journal names but the plan lacks.
    func unknownSteps(in plan: Plan) -> [String] {
        let steps = ResumePoint.byID(plan)
        return order.filter { steps[$0] == nil }
    }

    static func byID(_ plan: Plan) -> [String: Step] {
        Dictionary(plan.steps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Undos that do no harm when the step did not (fully) happen.
    static func isSafeToRepeat(_ undo: Undo) -> Bool {
        switch undo {
        case .restoreFile, .repeatAfterRestore: return true
        default: return false
        }
    }
}
