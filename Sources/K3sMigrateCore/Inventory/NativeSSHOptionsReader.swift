import Yams

/// Reads an `ssh:` block of the native inventory (the defaults, or a host's overrides).
enum NativeSSHOptionsReader {
    static let keys = ["user", "port", "identity_file", "known_hosts", "host_key_policy", "jump", "become",
                       "ssh_config", "connect_timeout"]

    static func read(_ node: Node, what: String, host: String?, reader: inout InventoryNodeReader) -> SSHOptions {
        var options = SSHOptions()
        let entries = reader.optionalEntries(node, what: what, host: host)
        reader.rejectUnknownKeys(entries, allowed: keys, in: what, host: host)
        for entry in entries {
            let name = "ssh \(entry.key)"
            switch entry.key {
            case "user": options.user = reader.requiredText(entry.value, what: name, host: host)
            case "identity_file": options.identityFile = reader.requiredText(entry.value, what: name, host: host)
            case "known_hosts": options.knownHosts = reader.requiredText(entry.value, what: name, host: host)
            case "ssh_config": options.sshConfig = reader.requiredText(entry.value, what: name, host: host)
            case "port":
                guard let text = reader.requiredText(entry.value, what: name, host: host) else { continue }
                options.port = port(text, at: entry.value, host: host, reader: &reader)
            case "host_key_policy":
                guard let text = reader.requiredText(entry.value, what: name, host: host) else { continue }
                options.hostKeyPolicy = SSHOptions.HostKeyPolicy(rawValue: text)
                if options.hostKeyPolicy == nil {
                    reader.error("inventory-bad-value", host: host, at: entry.value,
                                 "ssh host_key_policy must be 'strict' or 'accept-new', not '\(text)'")
                }
            case "become":
                guard let text = reader.requiredText(entry.value, what: name, host: host) else { continue }
                if text == "sudo" || text == "true" {
                    options.become = .sudo
                } else {
                    reader.error("inventory-bad-value", host: host, at: entry.value,
                                 "ssh become must be 'sudo' (runs commands through sudo -n), not '\(text)'")
                }
            case "jump":
                guard let text = reader.requiredText(entry.value, what: name, host: host) else { continue }
                if text.contains(where: \.isWhitespace) {
                    reader.error("inventory-bad-value", host: host, at: entry.value,
                                 "ssh jump must be one [user@]host[:port], without spaces")
                } else {
                    options.jump = text
                }
            case "connect_timeout":
                guard let text = reader.requiredText(entry.value, what: name, host: host) else { continue }
                if let seconds = Double(text), seconds > 0, seconds.isFinite {
                    options.connectTimeout = seconds
                } else {
                    reader.error("inventory-bad-value", host: host, at: entry.value,
                                 "ssh connect_timeout must be a positive number of seconds, not '\(text)'")
                }
            default:
                continue
            }
        }
        return options
    }

    static func port(_ text: String, at node: Node, host: String?, reader: inout InventoryNodeReader) -> Int? {
        if let port = Int(text), (1...65535).contains(port) { return port }
        reader.error("inventory-bad-value", host: host, at: node, "ssh port must be a number from 1 to 65535, not '\(text)'")
        return nil
    }
}
