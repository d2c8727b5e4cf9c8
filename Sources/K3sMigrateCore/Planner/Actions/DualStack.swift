/// K3s network options, dual-stack: "Dual-stack networking must be configured when the cluster is
/// first created. Once started IPv4-only, it cannot be enabled on an existing cluster."
public enum DualStack {
    public static let reason = "dual-stack must be configured when the cluster is first created: once started IPv4-only, it can't be enabled on an existing cluster (K3s or the controller manager fail)"
    public static let keys = ["cluster-cidr", "service-cidr"]

    /// The IP families of a list of CIDRs (`10.42.0.0/16,2001:cafe:42::/56`).
    public static func families(_ values: [String]) -> Set<CIDRBlock.Family> {
        Set(CIDRBlock.parseList(values).compactMap(\.block?.family))
    }

    /// Planner guard: a playbook may not add IPv6 to a server whose cluster-cidr or service-cidr is
    /// IPv4-only today.
    static func planProblems(_ analyses: [HostAnalysis], playbook: Playbook) -> [Diagnostic] {
        analyses.flatMap { analysis -> [Diagnostic] in
            guard analysis.role == .server, !analysis.isSkipped else { return [] }
            return analysis.changedKeys.compactMap { change -> Diagnostic? in
                guard keys.contains(change.key) else { return nil }
                let current = families(analysis.settings.effectiveValues(change.key) ?? K3sFlagCatalog.defaultValues(change.key) ?? [])
                let wanted = families(change.values)
                guard !current.contains(.ipv6), wanted.contains(.ipv6) else { return nil }
                let location = playbook.settings.first { $0.key == change.key }?.location
                return .error("dual-stack-after-creation", host: analysis.name, at: location,
                              "\(change.key) \(change.values.joined(separator: ",")) adds IPv6 to an IPv4-only cluster: " + reason)
            }
        }
    }
}
