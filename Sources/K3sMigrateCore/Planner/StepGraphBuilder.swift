/// Lays out the steps for analysed hosts so that every ordering rule of the product holds:
/// 1. preflight on every targeted host before any change;
/// 2. a backup of every file before its first change;
/// 3. server settings changed on all servers before any server restarts;
/// 4. servers restart one at a time, the server others join first, each gated on health; agents
///    only after every server is healthy, in batches;
/// 5. host actions (Cilium cleanup before killall/uninstall) in the order the action planner gives.
struct StepGraphBuilder {
    /// Analysed hosts that are not skipped, in inventory order.
    let active: [HostAnalysis]
    let playbook: Playbook
    let options: PlanOptions
    /// Agents that run an older backend than their servers' settings (StaleAgents): they restart.
    let staleAgents: Set<String>
    private var steps: [Step] = []

    init(analyses: [HostAnalysis], playbook: Playbook, options: PlanOptions, staleAgents: Set<String> = []) {
        self.active = analyses.filter { !$0.isSkipped }
        self.playbook = playbook
        self.options = options
        self.staleAgents = staleAgents
    }

    func build() -> [Step] {
        var builder = self
        return builder.assemble()
    }

    private mutating func assemble() -> [Step] {
        let servers = active.filter { $0.role == .server }
        let agents = active.filter { $0.role == .agent }
        let restartServers = RestartOrder.servers(servers.filter { restarts($0, anyServerSettingChanged: false) })
        let serverSettingsChanged = servers.contains(where: \.changesServerSettings)
        let restartAgents = agents.filter { restarts($0, anyServerSettingChanged: serverSettingsChanged) }
        let actionSteps = ActionPlanner(analyses: active, playbook: playbook, options: options)
        guard active.contains(where: \.changesFiles) || !restartServers.isEmpty || !restartAgents.isEmpty
            || actionSteps.hasWork else { return [] }

        let preflightDone = addPreflight(for: active)
        let early = actionSteps.stepsBeforeSettings(after: preflightDone)
        steps += early.steps
        var lastConfig = early.last
        for analysis in active where analysis.changesFiles {
            lastConfig[analysis.name] = addEdits(for: analysis, after: early.last[analysis.name] ?? preflightDone)
        }
        let serversConfigured = add(barrier: "servers-configured", title: "settings changed on every server",
                                    after: servers.compactMap { lastConfig[$0.name] }, orElse: preflightDone)

        var previous = serversConfigured
        for server in restartServers {
            previous = addRestart(for: server, after: [previous] + [lastConfig[server.name]].compactMap { $0 })
        }
        let serversHealthy = restartServers.isEmpty ? serversConfigured
            : add(barrier: "servers-healthy", title: "every restarted server is healthy", after: [previous], orElse: previous)

        var batchStart = serversHealthy
        for (index, batch) in RestartOrder.batches(restartAgents, size: options.agentBatchSize).enumerated() {
            let gates = batch.map { agent in
                addRestart(for: agent, after: [batchStart] + [lastConfig[agent.name]].compactMap { $0 })
            }
            batchStart = add(barrier: "agents-batch-\(index + 1)", title: "agent batch \(index + 1) healthy",
                             after: gates, orElse: batchStart)
        }
        steps += actionSteps.steps(after: batchStart)
        return steps
    }

    /// Whether this host restarts, under the playbook's restart policy.
    private func restarts(_ analysis: HostAnalysis, anyServerSettingChanged: Bool) -> Bool {
        switch playbook.restart {
        case .none: return false
        case .all: return true
        case .auto:
            return analysis.changesFiles
                || (analysis.role == .agent && (anyServerSettingChanged || staleAgents.contains(analysis.name)))
        }
    }

    private mutating func addPreflight(for hosts: [HostAnalysis]) -> String {
        let ids = hosts.map { analysis -> String in
            let step = Step(id: "\(analysis.name)/preflight", host: analysis.name, role: analysis.role, kind: .preflight,
                            title: "check \(analysis.name) before any change",
                            changes: false, action: .checks(PreflightCommands.checks(for: analysis, playbook: playbook)))
            steps.append(step)
            return step.id
        }
        return add(barrier: "preflight", title: "preflight passed on every targeted host", after: ids, orElse: nil)
    }

    /// Backs up and edits each file of the host; returns the id of its last configuration step.
    private mutating func addEdits(for analysis: HostAnalysis, after barrier: String) -> String {
        var last: [String] = []
        var needsReload = false
        let keys = analysis.changedKeys.map { change in
            // The model knows which keys are secret: their values never reach a title.
            change.values.isEmpty ? "remove \(change.key)"
                : "\(change.key)=\(K3sFlagCatalog.isSecret(change.key) ? SecretRedactor.mask : change.values.joined(separator: ","))"
        }.joined(separator: ", ")
        for change in analysis.fileChanges {
            let label = StepIDs.fileLabel(change.path, among: analysis.fileChanges.map(\.path))
            let backupID = "\(analysis.name)/backup:\(label)"
            let existed = !change.before.isEmpty || analysis.facts.file(change.path) != nil
            if existed {
                steps.append(Step(id: backupID, host: analysis.name, role: analysis.role, kind: .backup,
                                  title: "back up \(change.path) (owner and mode kept)", changes: false,
                                  action: .backup(path: change.writePath), dependsOn: [barrier]))
            }
            let edit = Step(id: "\(analysis.name)/edit:\(label)", host: analysis.name, role: analysis.role, kind: .editFile,
                            title: "\(existed ? "set" : "create \(change.path) with") \(keys)\(existed ? " in \(change.path)" : "")",
                            changes: true, action: .edit(change), dependsOn: [existed ? backupID : barrier],
                            undo: existed ? .restoreFile(path: change.writePath, backupStep: backupID)
                                : .command(ShellCommand("rm", "-f", "--", change.writePath)))
            steps.append(edit)
            last.append(edit.id)
            needsReload = needsReload || analysis.manager.needsReload(after: change.writePath)
        }
        guard needsReload else { return last.count == 1 ? last[0] : add(barrier: "\(analysis.name)-configured", title: "\(analysis.name) files edited", after: last, orElse: nil) }
        let reload = Step(id: "\(analysis.name)/daemon-reload", host: analysis.name, role: analysis.role, kind: .daemonReload,
                          title: "reload systemd units (a unit file changed)", changes: true,
                          action: .run(ShellCommand("systemctl", "daemon-reload")), dependsOn: last, undo: .repeatAfterRestore)
        steps.append(reload)
        return reload.id
    }

    /// Restart plus health gate; returns the health gate's id.
    private mutating func addRestart(for analysis: HostAnalysis, after dependencies: [String]) -> String {
        let restart = Step(id: "\(analysis.name)/restart", host: analysis.name, role: analysis.role, kind: .restart,
                           title: "restart \(analysis.service.name)", changes: true,
                           action: .run(analysis.service.restart), dependsOn: dependencies,
                           undo: .repeatAfterRestore)
        let expectation = HealthExpectation(service: analysis.service.name, nodeName: analysis.nodeName,
                                            backend: expectedBackend(for: analysis),
                                            timeoutSeconds: playbook.health.timeoutSeconds,
                                            manager: analysis.manager)
        let gate = Step(id: "\(analysis.name)/health", host: analysis.name, role: analysis.role, kind: .healthGate,
                        title: "wait until \(analysis.service.name) is active and \(analysis.nodeName) is Ready"
                            + (expectation.backend.map { " on \($0)" } ?? ""),
                        changes: false, action: .health(expectation), dependsOn: [restart.id])
        steps += [restart, gate]
        return gate.id
    }

    private func expectedBackend(for analysis: HostAnalysis) -> String? {
        if let backend = playbook.health.backend { return backend }
        for spec in playbook.settings where spec.key == "flannel-backend" {
            if case .scalar(let value) = spec.value { return value }
        }
        return nil
    }

    private mutating func add(barrier name: String, title: String, after dependencies: [String], orElse fallback: String?) -> String {
        let deps = dependencies.isEmpty ? [fallback].compactMap { $0 } : dependencies
        let step = Step(id: "@\(name)", host: nil, role: nil, kind: .barrier, title: title, changes: false,
                        action: .none, dependsOn: deps)
        steps.append(step)
        return step.id
    }
}
