/// Where a setting is written on a node.
public enum SettingOriginKind: String, Sendable, Hashable, Codable {
    /// `/etc/rancher/k3s/config.yaml`
    case configFile = "config"
    /// `/etc/rancher/k3s/config.yaml.d/NAME.yaml`
    case dropIn = "drop-in"
    /// A `--flag` in the systemd unit's ExecStart.
    case systemdFlag = "unit-flag"
    /// A `--flag` in the OpenRC script's `command_args`.
    case openrcFlag = "openrc-flag"
    /// A K3S_* variable (`K3S_URL` is `--server`) from the service's env file or a unit's
    /// `Environment=` line: it counts only where no file or flag sets the key.
    case environment = "env"
}

/// One occurrence of a setting: its value(s) and exactly where it came from.
public struct SettingValue: Sendable, Hashable, Codable {
    /// Flag name without dashes, without a trailing `+` (`node-label`).
    public var key: String
    /// The value(s). A scalar has one element; a list one per item; a bare boolean flag `["true"]`.
    public var values: [String]
    /// Whether it was written as a YAML list (or given several times as a flag).
    public var isList: Bool
    /// `key+:` in YAML: appends to earlier values instead of replacing them.
    public var appends: Bool
    public var origin: SettingOriginKind
    /// File and line of the key (for a flag: the line holding the flag).
    public var location: SourceLocation
    /// Set from the environment under this variable name (`K3S_URL`); nil for files and flags.
    public var variable: String?
    /// The key is set, but its value is a secret that facts never gather (K3S_TOKEN in the env
    /// file): `values` is empty.
    public var isSecretSet: Bool

    public init(key: String, values: [String], isList: Bool = false, appends: Bool = false,
                origin: SettingOriginKind, location: SourceLocation, variable: String? = nil,
                isSecretSet: Bool = false) {
        self.variable = variable
        self.isSecretSet = isSecretSet
        self.key = key
        self.values = values
        self.isList = isList
        self.appends = appends
        self.origin = origin
        self.location = location
    }

    /// The single value of a scalar setting (the last one if given as a list).
    public var value: String? { values.last }
}
