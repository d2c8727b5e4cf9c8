/// Commands the executor runs for steps whose action is not a plain command, shared with the
/// renderers so that a plan shows exactly what apply runs.
public enum RemoteCommands {
    /// Copies `path` into the run's backup directory (mode 0600) and records its mode and owner
    /// beside it in `<backup>.meta` as `MODE UID GID USER GROUP`.
    public static func backup(_ path: String, run: String) -> ShellCommand {
        let destination = BackupPaths.backup(of: path, run: run)
        let directory = String(destination[..<(destination.lastIndex(of: "/") ?? destination.endIndex)])
        return ShellCommand.literal("umask 077")
            .and(ShellCommand("mkdir", "-p", "-m", "0700", "--", directory))
            .and(ShellCommand("cp", "--", path, destination))
            .and(ShellCommand("chmod", "0600", "--", destination))
            .and(ShellCommand("stat", "-L", "-c", "%a %u %g %U %G", "--", path).redirect(to: destination + ".meta"))
    }

    /// Whether the service is running (`active`).
    public static func serviceActive(_ service: String, manager: ServiceManager) -> ShellCommand {
        manager.isActive(service)
    }

    /// One health poll on a server for every gate waiting on it: the server's own state on the first
    /// line (`active` when it runs), then, only when it runs, every node as kubectl returns them.
    public static func clusterView(_ service: K3sService) -> ShellCommand {
        serviceState(service).and(ShellCommand("k3s", "kubectl", "get", "nodes", "-o", "json"))
    }

    /// The service's state on one line, `active` when it runs (OpenRC's `status` only has an exit code).
    static func serviceState(_ service: K3sService) -> ShellCommand {
        switch service.manager {
        case .systemd: return service.isActive
        case .openrc: return service.isActive.redirect(to: "/dev/null").and(ShellCommand("echo", "active"))
        }
    }

    /// A restart step's command: the restart, then at once, in the same command, the host's first
    /// health probe (a server's `clusterView` of itself, an agent's state), whose answer is its health
    /// gate's first poll (one round trip per host saved). The exit status is the restart's alone:
    /// `restart && ( probe || true )`.
    public static func restart(_ service: K3sService, role: Role) -> ShellCommand {
        let probe = role == .server ? clusterView(service) : serviceState(service)
        return service.restart.and(probe.or(.literal("true")).grouped)
    }

    /// What a plan prints for the executor's built-in actions; `run` is a placeholder before apply.
    public static let runPlaceholder = "RUN_ID"
}

extension Step {
    /// The remote command(s) this step runs, as the plan shows them; nil for edits and barriers.
    public var commandText: String? {
        switch action {
        case .none, .edit, .write: return nil
        case .checks(let checks): return checks.map(\.command.script).joined(separator: "\n")
        case .run(let command): return command.script
        case .backup(let path): return RemoteCommands.backup(path, run: RemoteCommands.runPlaceholder).script
        case .removeCiliumRules(let removal):
            let commands = removal.commands(run: RemoteCommands.runPlaceholder)
            return [commands.save.script + "  (filtered by k3smigrate into \(removal.filteredPath(run: RemoteCommands.runPlaceholder)))",
                    commands.restore.script].joined(separator: "\n")
        case .health(let expectation):
            return [RemoteCommands.serviceActive(expectation.service, manager: expectation.manager).script,
                    "(on a healthy server, one poll shared by every gate waiting) "
                        + RemoteCommands.clusterView(.standard(.server)).script + " (node \(expectation.nodeName))"].joined(separator: "\n")
        }
    }

    /// The unified diff of an edit, or a description of a written file (never a secret).
    public var diffText: String? {
        switch action {
        case .edit(let change): return change.diff
        case .write(let write):
            if let source = write.secretSource { return "write \(write.path) (mode \(String(write.mode, radix: 8))) from \(source); content not shown" }
            return UnifiedDiff.make(path: write.path, before: "", after: write.content ?? "")
        case .removeCiliumRules(let removal):
            return removal.expected.map { "- \($0)" }.joined(separator: "\n") + (removal.expected.isEmpty ? "" : "\n")
        default: return nil
        }
    }
}

extension Undo {
    /// One line for plans and journals.
    public var summary: String {
        switch self {
        case .nothing: return "nothing to undo"
        case .restoreFile(let path, let backupStep): return "restore \(path) byte for byte from the backup of \(backupStep)"
        case .command(let command): return command.script
        case .repeatAfterRestore: return "run again after files are restored"
        case .impossible(let reason): return "cannot be undone: \(reason)"
        }
    }
}
