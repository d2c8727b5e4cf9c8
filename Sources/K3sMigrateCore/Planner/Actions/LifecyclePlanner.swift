/// Plans `k3s-killall.sh` and the uninstall scripts: agents first, then servers one at a time,
/// the servers that join others before the server they join. On each host the step waits for
/// that host's earlier actions (its Cilium cleanup: ordering rule 5).
enum LifecyclePlanner {
    enum Job { case killall, uninstall }

    static let binDir = "/usr/local/bin"

    /// install.sh's KILLALL_K3S_SH (one name for every SYSTEM_NAME) and UNINSTALL_K3S_SH
    /// (`${SYSTEM_NAME}-uninstall.sh`: `k3s-agent-uninstall.sh`, `k3s-edge-uninstall.sh`).
    static func script(_ job: Job, service: K3sService) -> String {
        switch job {
        case .killall: return "\(binDir)/k3s-killall.sh"
        case .uninstall: return service.uninstallScript
        }
    }

    /// Whether K3s is installed on the host (its unit, init script or version is known).
    static func installed(_ analysis: HostAnalysis) -> Bool {
        analysis.facts.k3sVersion != nil || analysis.settings.service != nil
    }

    /// Steps for `hosts` (the analyses where the job applies), with each host's last earlier step.
    static func plan(_ job: Job, hosts: [HostAnalysis], previous: [String: String], after barrier: String) -> [Step] {
        var steps: [Step] = []
        let agents = hosts.filter { $0.role == .agent }
        let servers = RestartOrder.servers(hosts.filter { $0.role == .server }).reversed()
        var agentSteps: [String] = []
        for agent in agents {
            let step = makeStep(job, agent, after: [previous[agent.name] ?? barrier])
            steps.append(step)
            agentSteps.append(step.id)
        }
        var last = barrier
        if !agentSteps.isEmpty, !servers.isEmpty {
            let name = job == .uninstall ? "agents-uninstalled" : "agents-stopped"
            last = "@\(name)"
            steps.append(Step(id: last, host: nil, role: nil, kind: .barrier,
                              title: "every agent \(job == .uninstall ? "uninstalled" : "stopped") before any server",
                              changes: false, action: .none, dependsOn: agentSteps))
        }
        for server in servers {
            var dependencies = [last]
            if let own = previous[server.name], own != last { dependencies.append(own) }
            let step = makeStep(job, server, after: dependencies)
            steps.append(step)
            last = step.id
        }
        return steps
    }

    private static func makeStep(_ job: Job, _ analysis: HostAnalysis, after dependencies: [String]) -> Step {
        let path = script(job, service: analysis.service)
        switch job {
        case .killall:
            return Step(id: "\(analysis.name)/killall", host: analysis.name, role: analysis.role, kind: .uninstall,
                        title: "stop K3s and its pods with \(path)", changes: true,
                        action: .run(ShellCommand(path)), dependsOn: dependencies,
                        undo: .command(analysis.service.restart))
        case .uninstall:
            return Step(id: "\(analysis.name)/uninstall", host: analysis.name, role: analysis.role, kind: .uninstall,
                        title: "uninstall K3s with \(path)", changes: true,
                        action: .run(ShellCommand(path)), dependsOn: dependencies,
                        undo: .impossible(reason: "\(StepIDs.baseName(path)) deletes K3s, its data and /etc/rancher/k3s"))
        }
    }
}
