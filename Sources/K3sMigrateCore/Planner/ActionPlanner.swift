/// Plans the playbook's host actions (Cilium cleanup, killall, uninstall, sysctl, CNI checks).
struct ActionPlanner {
    let analyses: [HostAnalysis]
    let playbook: Playbook
    let options: PlanOptions

    var hasWork: Bool { !playbook.actions.isEmpty && !analyses.isEmpty }

    func steps(after barrier: String) -> [Step] {
        []
    }
}
