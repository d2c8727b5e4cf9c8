import Foundation
import Yams

/// What k3smigrate takes from Ansible variables, and what it must never repeat.
enum AnsibleVars {
    /// Variables whose values are secrets: never copied, never printed.
    static func isSecret(_ key: String, _ value: Node) -> Bool {
        if InventoryNodeReader.hasCustomTag(value) { return true }
        let lower = key.lowercased()
        return ["token", "password", "passwd", "secret", "_pass", "vault", "auth", "joinkey", "join_key"]
            .contains { lower.contains($0) }
    }

    static func isTemplate(_ text: String) -> Bool {
        text.contains("{{") || text.contains("{%")
    }

    /// Vars through which k3s-ansible writes K3s's own configuration: re-running that playbook
    /// would undo what k3smigrate changed.
    static let k3sConfigVars = ["server_config_yaml", "agent_config_yaml", "extra_server_args", "extra_agent_args",
                                "extra_args", "extra_service_envs"]

    /// Connection settings, with the older `ansible_ssh_*` spellings.
    static let addressKeys = ["ansible_host", "ansible_ssh_host"]
    static let userKeys = ["ansible_user", "ansible_ssh_user"]
    static let portKeys = ["ansible_port", "ansible_ssh_port"]
    static let identityKeys = ["ansible_ssh_private_key_file", "ansible_private_key_file"]
    static let timeoutKeys = ["ansible_ssh_timeout", "ansible_timeout"]
    static let sshArgKeys = ["ansible_ssh_common_args", "ansible_ssh_extra_args"]

    /// The last value written for each key (vars are in precedence order).
    static func effective(_ entries: [InventoryNodeReader.Entry]) -> [String: InventoryNodeReader.Entry] {
        var result: [String: InventoryNodeReader.Entry] = [:]
        for entry in entries { result[entry.key] = entry }
        return result
    }

    static func isTrue(_ text: String) -> Bool {
        ["true", "yes", "on", "1", "y"].contains(text.lowercased())
    }

    /// The jump host in `ssh` arguments (`-J host` or `-o ProxyJump=host`), if any.
    static func proxyJump(in arguments: String) -> String? {
        let words = arguments.split(whereSeparator: \.isWhitespace)
            .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "'\"")) }
        for (index, word) in words.enumerated() {
            let next = index + 1 < words.count ? words[index + 1] : nil
            if word == "-J" { return next }
            if word.hasPrefix("-J") { return String(word.dropFirst(2)) }
            var option = word
            if word == "-o", let next { option = next } else if word.hasPrefix("-o") { option = String(word.dropFirst(2)) }
            if option.lowercased().hasPrefix("proxyjump=") { return String(option.dropFirst("proxyjump=".count)) }
            if option.lowercased() == "proxyjump", index + 2 < words.count, word == "-o" { return words[index + 2] }
        }
        return nil
    }
}
