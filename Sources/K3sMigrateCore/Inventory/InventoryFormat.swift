import Yams

/// Which kind of file the inventory is, and turning YAML failures into one-line diagnostics.
enum InventoryFormat {
    enum Kind: Equatable {
        case native
        case ansible
        /// An Ansible group_vars file: the keys (never the values) that gave it away.
        case groupVars([String])
        case unknown
    }

    /// Keys typical of k3s-ansible's (and techno-tim's) group_vars/k3s_cluster.yml.
    static let groupVarsKeys: Set<String> = [
        "token", "k3s_token", "agent_token", "k3s_version", "extra_args", "extra_server_args", "extra_agent_args",
        "api_endpoint", "apiserver_endpoint", "server_config_yaml", "agent_config_yaml", "systemd_dir",
        "flannel_iface", "k3s_node_ip", "cluster_context", "ansible_user", "ansible_port",
    ]

    static func detect(_ entries: [InventoryNodeReader.Entry]) -> Kind {
        let keys = entries.map(\.key)
        if keys.contains(where: NativeInventoryReader.topKeys.contains) { return .native }
        if AnsibleInventoryReader.recognizes(entries) { return .ansible }
        let telling = keys.filter { groupVarsKeys.contains($0) || $0.hasPrefix("k3s_") }
        if !telling.isEmpty { return .groupVars(Array(telling.prefix(6))) }
        // Misspelt native keys (`clustr:`) still deserve "did you mean".
        if keys.contains(where: { KeySuggestion.closest(to: $0, among: NativeInventoryReader.topKeys) != nil }) { return .native }
        return .unknown
    }

    /// The line of the first `[group]` header when the text is an INI inventory.
    static func iniSectionLine(in text: String) -> Int? {
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") || line == "---" { continue }
            guard line.hasPrefix("["), line.hasSuffix("]"), line.count > 2 else { return nil }
            let name = line.dropFirst().dropLast()
            let groupName = name.allSatisfy { $0.isLetter || $0.isNumber || "_-:.".contains($0) }
            return groupName ? index + 1 : nil
        }
        return nil
    }

    /// One line for a YAML failure. Built from the parser's problem and position only: Yams's own
    /// description quotes the offending line, which may hold a secret.
    static func yamlDiagnostic(_ error: Error, file: String) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: mark.line, column: mark.column) }
        guard let yamlError = error as? YamlError else {
            return .error("inventory-yaml", at: SourceLocation(file: file), "invalid YAML")
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let what = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            return .error("inventory-yaml", at: at(mark), "invalid YAML: \(what)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return .error("inventory-yaml", at: at(context.mark), "invalid YAML: key \(keys) is written twice in the same mapping")
        case .reader(let problem, _, _, _):
            return .error("inventory-yaml", at: SourceLocation(file: file), "unreadable text: \(problem)")
        default:
            return .error("inventory-yaml", at: SourceLocation(file: file), "invalid YAML")
        }
    }

    /// Drops repeats of one problem (a group's template reported once per host), keeping the
    /// host only when a single host has it.
    static func merged(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var result: [Diagnostic] = []
        var index: [String: Int] = [:]
        for diagnostic in diagnostics {
            let key = "\(diagnostic.severity)|\(diagnostic.rule)|\(diagnostic.location?.description ?? "")|\(diagnostic.message)"
            if let existing = index[key] {
                if result[existing].host != diagnostic.host { result[existing].host = nil }
            } else {
                index[key] = result.count
                result.append(diagnostic)
            }
        }
        return result
    }
}
