extension Playbook {
    /// Whether planning needs the hosts' firewall dumps (iptables-save...) in the facts.
    public var needsFirewallFacts: Bool { actions.contains(.ciliumCleanup) }
}
