/// Values that become file content (a unit's flag, an OpenRC `command_args` word, a config.yaml
/// scalar, a sysctl line, a secret file's path) are checked for their key before anything is
/// planned: an address is an address, a CIDR a CIDR, a mode one of its values, a boolean a
/// boolean; and no value may carry a control character (line break, NUL...) or a quote,
/// backslash, backtick or `$`, which the unit, shell or YAML syntax would read as structure.
/// Each refusal names the key and where the value came from.
public enum PlannedValues {
    static let addressKeys: Set<String> = ["node-ip", "node-external-ip", "advertise-address", "bind-address",
                                           "apiserver-bind-address", "cluster-dns"]
    static let cidrKeys: Set<String> = ["cluster-cidr", "service-cidr"]

    /// Why `value` can't be written for `key`, or nil.
    public static func problem(key: String, value: String) -> String? {
        if let problem = structureProblem(value) { return problem }
        let items = value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        if addressKeys.contains(key), let bad = items.first(where: { !isAddress($0) }) {
            return "'\(bad)' is not an IPv4 or IPv6 address"
        }
        if cidrKeys.contains(key), let bad = items.first(where: { CIDRBlock($0) == nil }) {
            return "'\(bad)' is not a CIDR (ADDRESS/PREFIX)"
        }
        if key == "flannel-backend", !K3sFlagCatalog.flannelBackends.contains(value) {
            return "'\(value)' is not a flannel backend (\(K3sFlagCatalog.flannelBackends.sorted().joined(separator: ", ")))"
        }
        // egress-selector-mode has its own rule (PlaybookValueRules: invalid-egress-selector-mode).
        if K3sFlagCatalog.isBoolean(key), K3sFlagCatalog.boolean(value) == nil {
            return "'\(value)' is not a boolean (true or false)"
        }
        return nil
    }

    /// A control character, or a character the target syntaxes read as structure.
    public static func structureProblem(_ value: String) -> String? {
        if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "the value contains a line break, NUL or other control character"
        }
        if let bad = value.first(where: { "\"'\\`$".contains($0) }) {
            return "the value contains \(bad == "\\" ? "a backslash" : "'\(bad)'"), which a unit file, a shell script or YAML would read as structure"
        }
        return nil
    }

    public static func isAddress(_ text: String) -> Bool {
        CIDRBlock.parseIPv4(Substring(text)) != nil || CIDRBlock.parseIPv6(Substring(text)) != nil
    }

    /// Every value a playbook's settings and actions would write, checked where it is written.
    /// Keys must be K3s flag names.
    static func check(_ playbook: Playbook) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for spec in playbook.settings {
            if !K3sFlagCatalog.isKnown(spec.key) {
                problems.append(.error("invalid-value", at: spec.location, "'\(spec.key)' is not a K3s flag name"))
                continue
            }
            let values: [String]
            switch spec.value {
            case .scalar(let value): values = [value]
            case .list(let items): values = items
            case .addItem(let item): values = [item]
            case .externalIP, .remove: values = []
            }
            for value in values {
                if let problem = problem(key: spec.key, value: value) {
                    problems.append(.error("invalid-value", at: spec.location, "\(spec.key): \(problem)"))
                }
            }
        }
        return problems
    }

    /// The external address a host's inventory `external_ip` gives (a fixed address: the inventory
    /// line; an interface or a command: the node's output): one address, or an error naming the source.
    static func externalAddressProblem(_ address: String, host: Host) -> Diagnostic? {
        guard !isAddress(address) else { return nil }
        let shown = String(address.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) }.prefix(80))
        switch host.externalIP {
        case .address:
            return .error("invalid-value", host: host.name, at: host.location, "external_ip '\(shown)' is not one IPv4 or IPv6 address")
        case .command:
            return .error("invalid-value", host: host.name, "the external_ip command printed '\(shown)', which is not one IPv4 or IPv6 address (the node's probe output)")
        case .interface(let name):
            return .error("invalid-value", host: host.name, "the first address of \(name) is '\(shown)', not one IPv4 or IPv6 address")
        case nil:
            return nil
        }
    }
}
