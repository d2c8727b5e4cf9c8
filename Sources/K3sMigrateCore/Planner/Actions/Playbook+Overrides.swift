extension Playbook {
    /// The playbook with `--set` values in place of its own. A key the playbook does not set, or a
    /// setting whose value is not given literally (`from`, `remove`), is refused.
    public func overriding(_ overrides: [SettingOverride]) throws(DiagnosticsError) -> Playbook {
        var copy = self
        var problems: [Diagnostic] = []
        for override in overrides {
            // A secret given on the command line would be in shell history, `ps` and saved plans:
            // secrets come from the environment or a local file at apply time (secret-file).
            guard !K3sFlagCatalog.isSecret(override.key) else {
                problems.append(.error("set", "--set \(override.key): \(override.key) is a secret; give it through a secret-file action "
                                           + "(from_env or from_file), never on the command line"))
                continue
            }
            let words = copy.settings.contains { $0.key == override.key && { if case .list = $0.value { true } else { false } }($0) }
                ? override.value.split(separator: ",").map(String.init) : [override.value]
            if let problem = words.lazy.compactMap({ PlannedValues.problem(key: override.key, value: $0) }).first {
                problems.append(.error("invalid-value", "--set \(override.key): \(problem)"))
                continue
            }
            // The health check waits for every node on the playbook's backend: another backend
            // would fail every gate and roll the whole run back.
            if override.key == "flannel-backend", let expected = health.backend, override.value != expected {
                problems.append(.error("set", at: SourceLocation(file: file),
                                       "--set flannel-backend=\(override.value) contradicts playbook \(name), whose health check waits for every node on \(expected); use a playbook for \(override.value)"))
                continue
            }
            let matching = copy.settings.indices.filter { copy.settings[$0].key == override.key }
            guard !matching.isEmpty else {
                let keys = settings.map(\.key).joined(separator: ", ")
                problems.append(.error("set", at: SourceLocation(file: file),
                                       "--set \(override.key): playbook \(name) has no such setting (its settings: \(keys.isEmpty ? "none" : keys))"))
                continue
            }
            for index in matching {
                switch copy.settings[index].value {
                case .scalar: copy.settings[index].value = .scalar(override.value)
                case .addItem: copy.settings[index].value = .addItem(override.value)
                case .list: copy.settings[index].value = .list(override.value.split(separator: ",").map(String.init))
                case .externalIP, .remove:
                    problems.append(.error("set", at: copy.settings[index].location,
                                           "--set \(override.key): this setting's value is not a literal, so it can't be overridden"))
                }
            }
        }
        guard problems.isEmpty else { throw DiagnosticsError(problems) }
        return copy
    }
}
