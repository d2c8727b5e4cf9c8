import K3sMigrateCore

extension Executor {
    /// Before the first change, every file step checks its file (its read-only half, run as in a
    /// dry run; secrets are fetched too), so that one drifted file stops the run with no host touched.
    func fileProblems(done: Set<String>) async -> [Diagnostic] {
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
}
