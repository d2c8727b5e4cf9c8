import Yams

/// Reads a playbook file. Every problem is reported at once, each with file and line.
public enum PlaybookParser {
    public static func parse(_ text: String, file: String) throws(DiagnosticsError) -> Playbook {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text, .default, .default, .utf8) else {
                throw DiagnosticsError([.error("playbook", at: SourceLocation(file: file), "the playbook is empty")])
            }
            root = node
        } catch let error as DiagnosticsError {
            throw error
        } catch {
            throw DiagnosticsError([YAMLErrorLocation.diagnostic(for: error, file: file, rule: "playbook")])
        }
        guard root.mapping != nil else {
            throw DiagnosticsError([.error("playbook", at: YAMLFields.location(of: root, file: file), "a playbook must be a mapping of keys")])
        }

        var fields = YAMLFields(root, file: file, rule: "playbook")
        let name = fields.string("name", required: true) ?? ""
        let summary = fields.string("summary", required: true) ?? ""
        let description = fields.string("description")
        let targets = fields.enumValue("targets", Playbook.Targets.self) ?? .all
        let restart = fields.enumValue("restart", Playbook.RestartPolicy.self) ?? .auto

        var problems: [Diagnostic] = []
        let preflight = fields.value("preflight").map { parsePreflight($0, file: file, problems: &problems) } ?? PreflightSpec()
        let health = fields.value("health").map { parseHealth($0, file: file, problems: &problems) } ?? HealthSpec()
        let settings = items(fields.value("settings"), key: "settings", file: file, problems: &problems)
            .compactMap { parseSetting($0, file: file, problems: &problems) }
        let skips = items(fields.value("skip_when_set"), key: "skip_when_set", file: file, problems: &problems)
            .compactMap { parseSkip($0, file: file, problems: &problems) }
        let actions = items(fields.value("actions"), key: "actions", file: file, problems: &problems)
            .compactMap { ActionParser.parse($0, file: file, problems: &problems) }
        fields.rejectUnknownKeys()

        let all = fields.problems + problems
        guard all.isEmpty else { throw DiagnosticsError(all.sortedForReport()) }
        return Playbook(name: name, summary: summary, description: description, targets: targets,
                        preflight: preflight, settings: settings, skipWhenSet: skips, actions: actions,
                        restart: restart, health: health, file: file)
    }

    static func items(_ node: Node?, key: String, file: String, problems: inout [Diagnostic]) -> [Node] {
        guard let node else { return [] }
        if case .scalar(let scalar) = node, scalar.string.isEmpty || scalar.tag.description.hasSuffix(":null") { return [] }
        guard let sequence = node.sequence else {
            problems.append(.error("playbook", at: YAMLFields.location(of: node, file: file), "'\(key)' must be a list"))
            return []
        }
        return Array(sequence)
    }

    private static func parsePreflight(_ node: Node, file: String, problems: inout [Diagnostic]) -> PreflightSpec {
        var fields = YAMLFields(node, file: file, rule: "playbook")
        let modules = fields.strings("kernel_modules") ?? []
        let minVersion = fields.string("min_version").flatMap { text -> K3sVersion? in
            guard let version = K3sVersion(parsing: text) else {
                fields.fail("'min_version' is not a K3s version: '\(text)'")
                return nil
            }
            return version
        }
        let gates = (fields.strings("version_gates") ?? []).compactMap { text -> K3sVersion? in
            guard let version = K3sVersion(parsing: text) else {
                fields.fail("'version_gates' holds '\(text)', which is not a K3s version")
                return nil
            }
            return version
        }
        let external = fields.bool("require_external_ip") ?? false
        fields.rejectUnknownKeys()
        problems += fields.problems
        return PreflightSpec(kernelModules: modules, minVersion: minVersion, versionGates: gates, requireExternalIP: external)
    }

    private static func parseHealth(_ node: Node, file: String, problems: inout [Diagnostic]) -> HealthSpec {
        var fields = YAMLFields(node, file: file, rule: "playbook")
        let timeout = fields.int("timeout") ?? 180
        let backend = fields.string("backend")
        fields.rejectUnknownKeys()
        problems += fields.problems
        return HealthSpec(timeoutSeconds: timeout, backend: backend)
    }

    private static func parseSetting(_ node: Node, file: String, problems: inout [Diagnostic]) -> SettingSpec? {
        var fields = YAMLFields(node, file: file, rule: "playbook")
        defer { problems += fields.problems }
        guard node.mapping != nil else {
            fields.fail("each item of 'settings' must be a mapping with 'key' and a value")
            return nil
        }
        guard let key = fields.string("key", required: true) else { return nil }
        let scalar = fields.string("value")
        let list = fields.value("values") != nil ? fields.strings("values") : nil
        let add = fields.string("add")
        let from = fields.string("from")
        let remove = fields.bool("remove") ?? false
        let whenCurrent = fields.strings("when_current")
        let scope = fields.enumValue("scope", SettingSpec.Scope.self)
        fields.rejectUnknownKeys()

        var values: [SettingSpec.Value] = []
        if let scalar { values.append(.scalar(scalar)) }
        if let list { values.append(.list(list)) }
        if let add { values.append(.addItem(add)) }
        if let from {
            if from == "external-ip" { values.append(.externalIP) } else {
                fields.fail("'from' supports only 'external-ip', not '\(from)'")
            }
        }
        if remove { values.append(.remove) }
        guard values.count == 1, let value = values.first else {
            fields.fail("setting '\(key)' needs exactly one of value, values, add, from or remove: true")
            return nil
        }
        return SettingSpec(key: key, value: value, whenCurrent: whenCurrent, scope: scope, location: fields.location)
    }

    private static func parseSkip(_ node: Node, file: String, problems: inout [Diagnostic]) -> SkipRule? {
        var fields = YAMLFields(node, file: file, rule: "playbook")
        defer { problems += fields.problems }
        guard let key = fields.string("key", required: true), let reason = fields.string("reason", required: true) else { return nil }
        fields.rejectUnknownKeys()
        return SkipRule(key: key, reason: reason)
    }
}
