/// What a step does to (or checks on) its host. The executor has one implementation per kind.
public enum StepKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Read-only checks on the host before anything changes anywhere.
    case preflight
    /// Copy a file into the run's backup directory on the host, recording owner and mode.
    case backup
    /// Replace one value in a file; carries the unified diff.
    case editFile = "edit-file"
    /// Create or overwrite a whole file (e.g. a sysctl drop-in, a vpn-auth file).
    case writeFile = "write-file"
    /// `systemctl daemon-reload` after a unit file changed.
    case daemonReload = "daemon-reload"
    /// Restart the K3s service.
    case restart
    /// Wait until the service is active and the node is Ready with the expected state.
    case healthGate = "health-gate"
    /// A command that changes state (ip link delete, sysctl -w, iptables-restore...).
    case command
    /// Save firewall dumps on the host before rules are removed.
    case snapshot
    /// k3s-killall.sh / k3s-uninstall.sh / k3s-agent-uninstall.sh.
    case uninstall
    /// A synchronisation point with no host action (e.g. "all servers healthy").
    case barrier
}

/// How a completed step is undone.
public enum Undo: Sendable, Hashable, Codable {
    /// Nothing to undo: the step changed nothing.
    case nothing
    /// Put back the file from the backup taken by the step named, byte for byte, with owner and mode.
    case restoreFile(path: String, backupStep: String)
    /// Run this command.
    case command(ShellCommand)
    /// Undo by re-running the same action after files were restored (restart, daemon-reload).
    case repeatAfterRestore
    /// Cannot be undone; needs explicit confirmation (`--yes` when unattended).
    case impossible(reason: String)

    public var isPossible: Bool {
        if case .impossible = self { return false }
        return true
    }
}

/// What a step does on its host.
public enum StepAction: Sendable, Hashable, Codable {
    /// Nothing runs on a host (barriers).
    case none
    /// Read-only checks; each is a command that must exit 0, with the message shown when not.
    case checks([PreflightCheck])
    /// Run a command.
    case run(ShellCommand)
    /// Copy `path` to the backup directory.
    case backup(path: String)
    /// Change a file from `before` to `after`; `diff` is what reviewers read.
    case edit(FileChange)
    /// Create or overwrite a file. `secret` content is never shown or journaled.
    case write(FileWrite)
    /// Wait for health.
    case health(HealthExpectation)
    /// Remove Cilium's chains and rules from one firewall backend, filtering the dump read at apply time.
    case removeCiliumRules(CiliumRuleRemoval)
}

/// One read-only check of preflight.
public struct PreflightCheck: Sendable, Hashable, Codable {
    public var name: String
    public var command: ShellCommand
    /// Shown when the command fails, e.g. "wireguard kernel module missing".
    public var failure: String

    public init(name: String, command: ShellCommand, failure: String) {
        self.name = name
        self.command = command
        self.failure = failure
    }
}

/// An edit of an existing file.
public struct FileChange: Sendable, Hashable, Codable {
    public var path: String
    /// The file that is written: `path`, or its symlink target.
    public var writePath: String
    public var before: String
    public var after: String
    public var diff: String

    public init(path: String, writePath: String? = nil, before: String, after: String, diff: String) {
        self.path = path
        self.writePath = writePath ?? path
        self.before = before
        self.after = after
        self.diff = diff
    }

    /// The bytes the file has before and after (`before`/`after` hold bytes that are not UTF-8
    /// as `LosslessText` escapes).
    public var beforeBytes: [UInt8] { LosslessText.encode(before) }
    public var afterBytes: [UInt8] { LosslessText.encode(after) }
}

/// A whole file to write.
public struct FileWrite: Sendable, Hashable, Codable {
    public var path: String
    public var mode: UInt32
    /// Content, or nil when it comes from a secret source at apply time.
    public var content: String?
    /// Name of the secret source (environment variable or local file) for secret content.
    public var secretSource: SecretSource?
    /// Whether the file existed before (then it is backed up and restored on undo; else removed).
    public var existed: Bool

    public init(path: String, mode: UInt32, content: String?, secretSource: SecretSource? = nil, existed: Bool) {
        self.path = path
        self.mode = mode
        self.content = content
        self.secretSource = secretSource
        self.existed = existed
    }
}

/// Where a secret comes from at apply time. The secret's value never enters a plan.
public enum SecretSource: Sendable, Hashable, Codable, CustomStringConvertible {
    case environment(String)
    case localFile(String)

    public var description: String {
        switch self {
        case .environment(let name): return "environment variable \(name)"
        case .localFile(let path): return "local file \(path)"
        }
    }
}

/// What "healthy" means after a restart.
public struct HealthExpectation: Sendable, Hashable, Codable {
    public var service: String
    /// The node name as the cluster knows it.
    public var nodeName: String
    /// Expected flannel backend annotation, if the playbook changes it.
    public var backend: String?
    public var timeoutSeconds: Int
    public var manager: ServiceManager

    public init(service: String, nodeName: String, backend: String?, timeoutSeconds: Int, manager: ServiceManager = .systemd) {
        self.manager = manager
        self.service = service
        self.nodeName = nodeName
        self.backend = backend
        self.timeoutSeconds = timeoutSeconds
    }
}

/// One node of the step graph.
public struct Step: Sendable, Hashable, Codable, Identifiable {
    /// Stable, readable id: `<host>:<kind>[:<detail>]`, unique in the graph.
    public var id: String
    /// Host name, or nil for barriers.
    public var host: String?
    public var role: Role?
    public var kind: StepKind
    /// One line for humans: "set flannel-backend to wireguard-native in config.yaml:3".
    public var title: String
    /// Whether the step changes anything on the host.
    public var changes: Bool
    public var action: StepAction
    public var dependsOn: [String]
    public var undo: Undo

    public init(id: String, host: String?, role: Role?, kind: StepKind, title: String, changes: Bool,
                action: StepAction, dependsOn: [String] = [], undo: Undo = .nothing) {
        self.id = id
        self.host = host
        self.role = role
        self.kind = kind
        self.title = title
        self.changes = changes
        self.action = action
        self.dependsOn = dependsOn
        self.undo = undo
    }
}
