/// What `CiliumRuleFilter` made of a dump.
public struct CiliumRuleFilterResult: Sendable, Hashable {
    /// The dump without Cilium's chains and rules, every other byte kept; ready for `iptables-restore`.
    public var kept: String
    /// Chain declarations and rules that go (Cilium's chains, jumps to them, `cilium-feeder:` rules).
    public var removed: [FirewallDumpLine]
    /// Rules that stay although they mention "cilium" (an operator's rule): the page's
    /// `grep -iv cilium` pipeline would have deleted them.
    public var keptMentioningCilium: [FirewallDumpLine]

    public var changes: Bool { !removed.isEmpty }
}
