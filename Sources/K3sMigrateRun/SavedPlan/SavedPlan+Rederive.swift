import K3sMigrateCore

extension SavedPlan {
    /// Refuses unless `derived` (the plan made again from live facts and this plan's inputs) has
    /// exactly the recorded steps, in the same order, each with the recorded digest. The error
    /// names the first step that differs.
    public func verify(_ derived: Plan) throws(DiagnosticsError) {
        let recorded = plan.steps.map(\.id)
        let now = derived.steps.map(\.id)
        for index in 0..<max(recorded.count, now.count) {
            let then = index < recorded.count ? recorded[index] : nil
            let live = index < now.count ? derived.steps[index] : nil
            if let then, let live, then == live.id, stepDigests[then] == StepDigest.of(live) { continue }
            throw DiagnosticsError([mismatch(then: then, live: live?.id, host: live?.host ?? plan.step(then ?? "")?.host)])
        }
    }

    /// The plan a resumed run executes: the recorded steps in their order, where every step the
    /// journal shows done is kept as recorded (only its undo matters now) and every other step is
    /// the re-derived one, which must have the recorded digest. Refuses naming the first step
    /// that is missing, differs, or was not recorded.
    public func resumable(_ derived: Plan, done: Set<String>) throws(DiagnosticsError) -> Plan {
        let live = Dictionary(derived.steps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var steps: [Step] = []
        for step in plan.steps {
            if done.contains(step.id) {
                steps.append(step)
                continue
            }
            guard let fresh = live[step.id], stepDigests[step.id] == StepDigest.of(fresh) else {
                throw DiagnosticsError([mismatch(then: step.id, live: live[step.id]?.id, host: step.host)])
            }
            steps.append(fresh)
        }
        let recorded = Set(plan.steps.map(\.id))
        if let extra = derived.steps.first(where: { !recorded.contains($0.id) && !done.contains($0.id) }) {
            throw DiagnosticsError([mismatch(then: nil, live: extra.id, host: extra.host)])
        }
        var result = derived
        result.steps = steps
        return result
    }

    private func mismatch(then: String?, live: String?, host: String?) -> Diagnostic {
        let what: String
        switch (then, live) {
        case let (then?, live?) where then == live:
            what = "step \(then) is not the step the plan recorded (the live facts and the plan's inputs now give another)"
        case let (then?, live?):
            what = "step \(then) of the plan is now \(live)"
        case let (then?, nil):
            what = "step \(then) of the plan is no longer planned"
        case let (nil, live?):
            what = "step \(live) is planned now but not in the plan"
        case (nil, nil):
            what = "the steps differ"
        }
        return .error("plan-drift", host: host, "\(what); make the plan again")
    }
}
