/// Plans the playbook's host actions (Cilium cleanup, killall, uninstall, sysctl, CNI checks).
/// On each host the actions run in the playbook's order, so a Cilium cleanup listed before
/// `uninstall` finishes on that host before its uninstall starts (ordering rule 5).
struct ActionPlanner {
    let analyses: [HostAnalysis]
    let playbook: Playbook
    let options: PlanOptions

    var hasWork: Bool {
        steps(after: "@settled").contains(where: \.changes) || stepsBeforeSettings(after: "@preflight").steps.contains(where: \.changes)
    }

    /// Steps that must be done before settings change and nodes restart (secret files that the
    /// new settings name), with each host's last one.
    func stepsBeforeSettings(after barrier: String) -> (steps: [Step], last: [String: String]) {
        var steps: [Step] = []
        var last: [String: String] = [:]
        for case .secretFile(let path, let source, let template) in playbook.actions {
            for analysis in analyses {
                let planned = SecretFilePlanner.plan(path: path, source: source, template: template, analysis, playbook: playbook,
                                                     after: last[analysis.name] ?? barrier)
                steps += planned
                if let final = planned.last { last[analysis.name] = final.id }
            }
        }
        return (steps, last)
    }

    /// Warnings the actions raise (kept rules that mention cilium...).
    var warnings: [Diagnostic] { build(after: "@settled").warnings }

    func steps(after barrier: String) -> [Step] { build(after: barrier).steps }

    private func build(after barrier: String) -> (steps: [Step], warnings: [Diagnostic]) {
        var steps: [Step] = []
        var warnings: [Diagnostic] = []
        var last: [String: String] = [:]
        for action in playbook.actions {
            switch action {
            case .ciliumCleanup:
                for analysis in analyses {
                    let planned = CiliumCleanupPlanner.plan(analysis, after: last[analysis.name] ?? barrier)
                    steps += planned.steps
                    warnings += planned.warnings
                    if let final = planned.steps.last { last[analysis.name] = final.id }
                }
            case .killall, .uninstall:
                let job: LifecyclePlanner.Job = action == .killall ? .killall : .uninstall
                let planned = LifecyclePlanner.plan(job, hosts: analyses.filter(LifecyclePlanner.installed),
                                                    previous: last, after: barrier)
                steps += planned
                for step in planned { if let host = step.host { last[host] = step.id } }
            case .checkCNIForwarding:
                warnings += analyses.flatMap(CNIForwardingCheck.warnings)
            case .sysctl(let key, let value, let file):
                for analysis in analyses {
                    let planned = SysctlPlanner.plan(key: key, value: value, file: file, analysis, after: last[analysis.name] ?? barrier)
                    steps += planned
                    if let final = planned.last { last[analysis.name] = final.id }
                }
            case .secretFile:
                continue  // before the settings: `stepsBeforeSettings`
            }
        }
        return (steps, warnings)
    }
}
