import K3sMigrateCore

/// What must hold before the first command runs; every problem is reported at once.
enum PlanPreconditions {
    static func problems(plan: Plan, hosts: [String: any RemoteHost], options: ExecutorOptions,
                         done: Set<String>) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        if !RunID.isValid(options.runID) {
            problems.append(.error("run-id", "'\(options.runID)' is not a run id (letters, digits, '.', '_', '-')"))
        }
        var seen = Set<String>()
        var missingHosts = Set<String>()
        for step in plan.steps {
            for dependency in step.dependsOn where !seen.contains(dependency) {
                problems.append(.error("plan-order", host: step.host,
                                       "step \(step.id) depends on \(dependency), which is not an earlier step of the plan"))
            }
            if !seen.insert(step.id).inserted {
                problems.append(.error("plan-order", host: step.host, "step id \(step.id) appears twice in the plan"))
            }
            if let host = step.host, hosts[host] == nil, missingHosts.insert(host).inserted {
                problems.append(.error("no-connection", host: host, "no connection to this host, which the plan changes or checks"))
            }
        }
        for server in options.clusterServers where hosts[server] == nil && missingHosts.insert(server).inserted {
            problems.append(.error("no-connection", host: server, "no connection to this server, which health gates would ask"))
        }
        if !options.dryRun, !options.confirmedIrreversible {
            for step in plan.irreversibleSteps where !done.contains(step.id) {
                guard case .impossible(let reason) = step.undo else { continue }
                problems.append(.error("irreversible-unconfirmed", host: step.host,
                                       "step \(step.id) (\(step.title)) cannot be undone: \(reason); confirm with --yes"))
            }
        }
        return problems
    }
}
