import Yams

/// SSH settings from Ansible connection variables (`ansible_user`, `ansible_port`, ...).
enum AnsibleSSHOptions {
    typealias Entry = InventoryNodeReader.Entry

    static func read(_ vars: [String: Entry], host: String?, reader: inout InventoryNodeReader) -> SSHOptions {
        var options = SSHOptions()
        options.user = value(AnsibleVars.userKeys, in: vars, host: host, reader: &reader)
        options.identityFile = value(AnsibleVars.identityKeys, in: vars, host: host, reader: &reader)
        if let (text, node) = valueAndNode(AnsibleVars.portKeys, in: vars, host: host, reader: &reader) {
            options.port = NativeSSHOptionsReader.port(text, at: node, host: host, reader: &reader)
        }
        if let (text, node) = valueAndNode(AnsibleVars.timeoutKeys, in: vars, host: host, reader: &reader) {
            if let seconds = Double(text), seconds > 0 { options.connectTimeout = seconds } else {
                reader.error("inventory-bad-value", host: host, at: node, "ansible timeout must be a positive number of seconds, not '\(text)'")
            }
        }
        if let become = value(["ansible_become"], in: vars, host: host, reader: &reader), AnsibleVars.isTrue(become) {
            let method = valueAndNode(["ansible_become_method"], in: vars, host: host, reader: &reader)
            if let (name, node) = method, name != "sudo" {
                reader.error("inventory-bad-value", host: host, at: node,
                             "ansible_become_method '\(name)' is not supported: k3smigrate becomes root with sudo -n")
            } else {
                options.become = .sudo
            }
        }
        for key in AnsibleVars.sshArgKeys {
            guard let (arguments, node) = valueAndNode([key], in: vars, host: host, reader: &reader) else { continue }
            if let jump = AnsibleVars.proxyJump(in: arguments) { options.jump = jump }
            if arguments.lowercased().contains("proxycommand") {
                reader.warning("inventory-unsupported", host: host, at: node,
                               "\(key) uses ProxyCommand, which k3smigrate does not run; use ProxyJump (-J) instead")
            }
        }
        return options
    }

    /// The address to connect to: `ansible_host`, else the inventory name itself.
    static func address(_ vars: [String: Entry], name: String, reader: inout InventoryNodeReader) -> String? {
        guard let text = value(AnsibleVars.addressKeys, in: vars, host: name, reader: &reader) else {
            return templateKeys(AnsibleVars.addressKeys, in: vars).isEmpty ? name : nil
        }
        return text
    }

    private static func value(_ keys: [String], in vars: [String: Entry], host: String?, reader: inout InventoryNodeReader) -> String? {
        valueAndNode(keys, in: vars, host: host, reader: &reader)?.0
    }

    /// The first of `keys` that is set, as text. A template can't be evaluated: that is an error.
    private static func valueAndNode(_ keys: [String], in vars: [String: Entry], host: String?,
                                     reader: inout InventoryNodeReader) -> (String, Node)? {
        guard let entry = keys.lazy.compactMap({ vars[$0] }).first else { return nil }
        guard let text = reader.optionalText(entry.value, what: entry.key, host: host) else { return nil }
        if AnsibleVars.isTemplate(text) {
            reader.error("inventory-template", host: host, at: entry.value,
                         "\(entry.key) is an Ansible template ({{ ... }}), which k3smigrate does not evaluate; write the value itself")
            return nil
        }
        return (text, entry.value)
    }

    private static func templateKeys(_ keys: [String], in vars: [String: Entry]) -> [String] {
        keys.filter { vars[$0]?.value.scalar.map { AnsibleVars.isTemplate($0.string) } ?? false }
    }
}
