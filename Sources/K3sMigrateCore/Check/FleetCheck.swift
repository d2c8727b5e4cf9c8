/// `k3smigrate check`: lints the whole fleet against K3s's rules without changing anything and
/// reports every problem at once, each naming host, file and line where known.
public enum FleetCheck {
    /// Every rule, each in its own file under Check/Rules.
    static let rules: [any FleetRule] = [
        ReadDiagnosticsRule(),
        ServerSettingsDifferRule(),
        ServerOnlyKeyOnAgentRule(),
        UnknownKeyRule(),
        RemovedBackendRule(),
        IPsecNeedsStrongSwanRule(),
        UnknownBackendRule(),
        WireguardNativeUnsupportedRule(),
        MissingKernelModuleRule(),
        FlannelExternalIPWithoutNodeExternalIPRule(),
        FlannelIPv6MasqWithoutIPv6Rule(),
        FlannelIPv6MasqWithBackendNoneRule(),
        InvalidEgressSelectorModeRule(),
        InvalidCIDRRule(),
        ServiceCIDRMaskRule(),
        DualStackMismatchRule(),
        NodeIPFamilyRule(),
        ClusterCIDRNodeMaskRule(),
        DualStackAfterCreationRule(),
        VPNAuthInFileRule(),
        RemovedFlagRule(),
        InvalidBooleanRule(),
        VPNAuthControlServerRule(),
        AgentOnlyKeyOnServerRule(),
    ]

    public static func run(inventory: Inventory, facts: FleetFacts) -> [Diagnostic] {
        let fleet = CheckedFleet(inventory: inventory, facts: facts)
        return rules.flatMap { $0.check(fleet) }.sortedForReport()
    }
}

/// One rule of `check`.
protocol FleetRule: Sendable {
    func check(_ fleet: CheckedFleet) -> [Diagnostic]
}
