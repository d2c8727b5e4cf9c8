/// The read-only commands preflight runs on a host. Facts already passed these checks at plan
/// time; preflight repeats them right before changing anything, on every targeted host.
enum PreflightCommands {
    static func checks(for analysis: HostAnalysis, playbook: Playbook) -> [PreflightCheck] {
        var checks = [
            PreflightCheck(name: "k3s-present", command: ShellCommand("k3s", "--version"),
                           failure: "k3s is not installed or does not run"),
        ]
        let definition = analysis.service.definitionPath
        switch analysis.manager {
        case .systemd:
            checks.append(PreflightCheck(name: "unit-present", command: ShellCommand("test", "-f", definition),
                                         failure: "\(definition) is missing"))
        case .openrc:
            checks.append(PreflightCheck(name: "openrc-present", command: ShellCommand("test", "-f", definition),
                                         failure: "\(definition) is missing"))
        }
        for module in playbook.preflight.kernelModules {
            checks.append(PreflightCheck(
                name: "kernel-module-\(module)",
                command: ShellCommand("test", "-d", "/sys/module/\(module)").or(ShellCommand("modprobe", "-n", "-q", module)),
                failure: "kernel module '\(module)' is not available"))
        }
        if analysis.changesFiles {
            checks.append(PreflightCheck(name: "backup-dir-writable", command: ShellCommand("mkdir", "-p", "-m", "0700", "--", BackupPaths.root),
                                         failure: "cannot create \(BackupPaths.root) for backups"))
        }
        checks += ActionPreflight.checks(for: analysis, playbook: playbook)
        return checks
    }
}

/// Where backups go on a host.
public enum BackupPaths {
    public static let root = "/var/lib/k3smigrate/runs"

    /// `/var/lib/k3smigrate/runs/<run id>/files/<original path>`.
    public static func backup(of path: String, run: String) -> String {
        "\(root)/\(run)/files\(path.hasPrefix("/") ? path : "/" + path)"
    }
}
