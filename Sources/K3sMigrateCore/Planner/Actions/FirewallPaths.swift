/// Where firewall dumps go on a host: beside the file backups of the run.
public enum FirewallPaths {
    /// `/var/lib/k3smigrate/runs/<run>/firewall`.
    public static func directory(run: String) -> String { "\(BackupPaths.root)/\(run)/firewall" }

    /// The full dump of `tool` (`iptables`, `ip6tables`, ...) saved before any rule goes.
    public static func snapshot(_ tool: String, run: String) -> String { directory(run: run) + "/\(tool).rules" }

    /// Saves full dumps of these tools (`iptables` saves with `iptables-save`), mode 0600.
    public static func snapshotCommand(tools: [String], run: String) -> ShellCommand {
        var command = ShellCommand.literal("umask 077")
            .and(ShellCommand("mkdir", "-p", "-m", "0700", "--", directory(run: run)))
        for tool in tools {
            command = command.and(ShellCommand(tool + "-save").redirect(to: snapshot(tool, run: run)))
        }
        return command
    }
}
