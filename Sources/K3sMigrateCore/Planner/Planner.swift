/// Turns (inventory, playbook, facts) into a step graph. Pure and deterministic: the same inputs
/// give the same plan, byte for byte.
public enum Planner {
    public static func plan(inventory: Inventory, playbook: Playbook, facts: FleetFacts,
                            options: PlanOptions = PlanOptions()) throws(DiagnosticsError) -> Plan {
        let targets = inventory.hosts(matching: options.limit).filter { host in
            switch playbook.targets {
            case .all: return true
            case .servers: return host.role == .server
            case .agents: return host.role == .agent
            }
        }
        var problems = inventory.limitProblems(options.limit, names: false) + PlaybookValueRules.check(playbook, inventory: inventory)
            + PlannedValues.check(playbook)
        if targets.isEmpty, !problems.hasErrors {
            problems.append(.error("no-targets", at: SourceLocation(file: inventory.file),
                                   "no host of the inventory matches --limit '\(options.limit ?? "")' and the playbook's targets"))
        }
        for host in targets where facts[host.name] == nil {
            problems.append(.error("facts-missing", host: host.name, at: host.location, "no facts for this host"))
        }
        let analyses = ParallelMap.map(targets.filter { facts[$0.name] != nil }) { host in
            HostAnalyzer.analyze(host, facts: facts[host.name]!, playbook: playbook)
        }
        problems += analyses.flatMap(\.problems)
        problems += DualStack.planProblems(analyses, playbook: playbook)
        problems += TailscaleGuard.check(inventory: inventory, facts: facts, targets: targets, analyses: analyses, playbook: playbook)
        if !problems.hasErrors {
            // Settings that could not be read would make this comparison misleading.
            problems += ServerAgreement.check(inventory: inventory, facts: facts, analyses: analyses, playbook: playbook)
        }
        guard !problems.hasErrors else { throw DiagnosticsError(problems.filter { $0.severity == .error }.sortedForReport()) }

        let stale = StaleAgents.find(inventory: inventory, facts: facts, analyses: analyses, playbook: playbook)
        let steps = StepGraphBuilder(analyses: analyses, playbook: playbook, options: options, staleAgents: stale.agents).build()
        // apply refuses a plan whose step ids repeat (journal and resume key on them): so does plan.
        var seen: Set<String> = []
        let repeated = steps.filter { !seen.insert($0.id).inserted }
        guard repeated.isEmpty else {
            throw DiagnosticsError(repeated.map { .error("plan-order", host: $0.host, "step id \($0.id) appears twice in the plan") })
        }
        let refusals = RestartCheck.problems(inventory: inventory, facts: facts, analyses: analyses, steps: steps)
        guard !refusals.hasErrors else { throw DiagnosticsError(refusals.sortedForReport()) }
        var warnings = problems + analyses.flatMap(\.notes)
        warnings += ActionPlanner(analyses: analyses.filter { !$0.isSkipped }, playbook: playbook, options: options).warnings
        warnings += EmbeddedEtcd.externalIPWarnings(analyses)
        warnings += LimitWarnings.check(inventory: inventory, targets: targets, analyses: analyses)
        warnings += stale.warnings
        return Plan(cluster: inventory.cluster, playbook: playbook.name, steps: steps,
                    skipped: analyses.compactMap { a in a.skipReason.map { SkippedHost(host: a.name, reason: $0) } },
                    warnings: warnings.sortedForReport())
    }
}
