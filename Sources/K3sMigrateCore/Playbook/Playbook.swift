/// A procedure as data: what to change on which nodes, what must hold first, how to restart.
/// Built-in playbooks live in `playbooks/*.yaml`; users write their own in the same format.
public struct Playbook: Sendable, Hashable {
    public enum Targets: String, Sendable, Hashable, CaseIterable {
        case all, servers, agents
    }

    /// Which nodes restart after a change.
    public enum RestartPolicy: String, Sendable, Hashable, CaseIterable {
        /// Servers whose settings changed restart (init server first, one at a time); when a
        /// server-only setting changed, every agent restarts afterwards, since agents learn those
        /// settings from servers; an agent whose own settings changed restarts too.
        case auto
        /// Every targeted node restarts, servers first.
        case all
        /// No restart (e.g. sysctl changes).
        case none
    }

    public var name: String
    public var summary: String
    public var description: String?
    public var targets: Targets
    public var preflight: PreflightSpec
    public var settings: [SettingSpec]
    /// Hosts where any of these settings is set are skipped, with the reason given.
    public var skipWhenSet: [SkipRule]
    public var actions: [ActionSpec]
    public var restart: RestartPolicy
    public var health: HealthSpec
    /// The playbook's file, for messages.
    public var file: String

    public init(name: String, summary: String, description: String? = nil, targets: Targets = .all,
                preflight: PreflightSpec = PreflightSpec(), settings: [SettingSpec] = [],
                skipWhenSet: [SkipRule] = [], actions: [ActionSpec] = [], restart: RestartPolicy = .auto,
                health: HealthSpec = HealthSpec(), file: String) {
        self.name = name
        self.summary = summary
        self.description = description
        self.targets = targets
        self.preflight = preflight
        self.settings = settings
        self.skipWhenSet = skipWhenSet
        self.actions = actions
        self.restart = restart
        self.health = health
        self.file = file
    }
}

/// What must hold on every targeted node before anything changes.
public struct PreflightSpec: Sendable, Hashable {
    /// Kernel modules every targeted node must have (e.g. `wireguard`).
    public var kernelModules: [String]
    /// Oldest K3s release the procedure supports.
    public var minVersion: K3sVersion?
    /// First good release per minor line (e.g. Tailscale's vpn-auth-file: v1.25.11, v1.26.6, v1.27.3).
    public var versionGates: [K3sVersion]
    /// Every node needs an external address (from the inventory's `external_ip`).
    public var requireExternalIP: Bool

    public init(kernelModules: [String] = [], minVersion: K3sVersion? = nil, versionGates: [K3sVersion] = [],
                requireExternalIP: Bool = false) {
        self.kernelModules = kernelModules
        self.minVersion = minVersion
        self.versionGates = versionGates
        self.requireExternalIP = requireExternalIP
    }
}

/// One setting the playbook changes.
public struct SettingSpec: Sendable, Hashable {
    public enum Scope: String, Sendable, Hashable, CaseIterable {
        case servers, agents, all
    }

    public enum Value: Sendable, Hashable {
        /// A scalar value.
        case scalar(String)
        /// A list value replacing the current one.
        case list([String])
        /// Ensure this item is in the list (e.g. `kubelet-arg: node-ip=0.0.0.0`), keeping others.
        case addItem(String)
        /// The node's current external address (inventory `external_ip` source).
        case externalIP
        /// Remove the key wherever it is set.
        case remove
    }

    public var key: String
    public var value: Value
    /// Change only hosts whose effective value is one of these (unset counts as the K3s default).
    public var whenCurrent: [String]?
    /// Which roles get it; nil: server-only keys go to servers, per-node keys to every node.
    public var scope: Scope?
    public var location: SourceLocation

    public init(key: String, value: Value, whenCurrent: [String]? = nil, scope: Scope? = nil, location: SourceLocation) {
        self.key = key
        self.value = value
        self.whenCurrent = whenCurrent
        self.scope = scope
        self.location = location
    }
}

/// Skip a host (with a reason) when a setting is present on it.
public struct SkipRule: Sendable, Hashable {
    public var key: String
    public var reason: String
    public init(key: String, reason: String) {
        self.key = key
        self.reason = reason
    }
}

/// Health gate parameters after each restart.
public struct HealthSpec: Sendable, Hashable {
    public var timeoutSeconds: Int
    /// The backend every restarted node must report.
    public var backend: String?
    public init(timeoutSeconds: Int = 180, backend: String? = nil) {
        self.timeoutSeconds = timeoutSeconds
        self.backend = backend
    }
}

/// Host actions beyond settings, each planned by its own planner component.
public enum ActionSpec: Sendable, Hashable {
    /// Delete `cilium_*` links and Cilium's iptables/ip6tables rules (dumps saved first).
    case ciliumCleanup
    /// k3s-uninstall.sh / k3s-agent-uninstall.sh (agents before servers). Cannot be undone.
    case uninstall
    /// k3s-killall.sh. Undone by restarting the service.
    case killall
    /// Persist and apply a sysctl.
    case sysctl(key: String, value: String, file: String)
    /// Write a secret file (mode 0600) whose content comes from the environment or a local file.
    case secretFile(path: String, source: SecretSource, template: String)
    /// Report nodes whose Canal/Calico conflist lacks `allow_ip_forwarding: true`.
    case checkCNIForwarding
}
