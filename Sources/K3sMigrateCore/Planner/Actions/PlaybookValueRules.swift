/// Values a playbook (or `--set`) asks for that K3s would refuse, or that the page says won't work
/// on this cluster: the plan is refused before anything is touched.
enum PlaybookValueRules {
    static let egressModes = ["disabled", "agent", "pod", "cluster"]

    static func check(_ playbook: Playbook, inventory: Inventory) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for spec in playbook.settings where spec.key == "egress-selector-mode" {
            guard case .scalar(let mode) = spec.value else { continue }
            if !egressModes.contains(mode) {
                problems.append(.error("invalid-egress-selector-mode", at: spec.location,
                                       "egress-selector-mode '\(mode)' is not one of \(egressModes.joined(separator: ", ")); K3s would refuse to start"))
            } else if mode == "pod", inventory.vars["cni_ipam"] == "own" {
                problems.append(.error("egress-pod-with-own-ipam", at: spec.location,
                                       "egress-selector-mode pod does not work when the CNI uses its own IPAM and ignores the nodes' PodCIDR allocation (inventory vars: cni_ipam: own); such CNIs need cluster or agent"))
            }
        }
        return problems
    }
}
