/// Removing Cilium's rules from one firewall backend of a host. At apply time the executor reads
/// the host's CURRENT dump with `<tool>-save`, filters it with `CiliumRuleFilter`, writes the result
/// into the run's directory (mode 0600) and loads it with `<tool>-restore`. `expected` is what the
/// facts' dump showed, for reviewers.
public struct CiliumRuleRemoval: Sendable, Hashable, Codable {
    /// `iptables`, `ip6tables`, `iptables-legacy` or `ip6tables-legacy`.
    public var tool: String
    public var expected: [FirewallDumpLine]

    public init(tool: String, expected: [FirewallDumpLine]) {
        self.tool = tool
        self.expected = expected
    }

    public var saveTool: String { tool + "-save" }
    public var restoreTool: String { tool + "-restore" }

    /// The full dump saved by the snapshot step, in the run's directory.
    public func snapshotPath(run: String) -> String { FirewallPaths.snapshot(tool, run: run) }
    /// The filtered dump that is loaded.
    public func filteredPath(run: String) -> String { FirewallPaths.directory(run: run) + "/\(tool).cleaned" }

    /// What the step runs, in order (the filter between save and restore runs in k3smigrate).
    public func commands(run: String) -> (save: ShellCommand, restore: ShellCommand) {
        (ShellCommand(saveTool), ShellCommand(restoreTool, filteredPath(run: run)))
    }

    /// Puts the full dump saved before the cleanup back.
    public var undoCommand: ShellCommand {
        ShellCommand(restoreTool, snapshotPath(run: RemoteCommands.runPlaceholder))
    }
}
