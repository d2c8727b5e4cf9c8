import Yams

/// Reads one item of a playbook's `actions:` list.
enum ActionParser {
    static let names = ["cilium-cleanup", "uninstall", "killall", "check-cni-forwarding", "sysctl", "secret-file"]

    /// Why a path an action writes can't be used: it must be absolute, below `directory`, end in
    /// `suffix`, and have no empty, `.` or `..` component and no control or quoting character.
    static func pathProblem(_ path: String, under directory: String, suffix: String) -> String? {
        guard path.hasPrefix(directory), path.count > directory.count, path.hasSuffix(suffix) else {
            return "must be a file in \(directory)" + (suffix.isEmpty ? "" : " ending in \(suffix)")
        }
        let parts = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        if parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) { return "has an empty, '.' or '..' component" }
        if let problem = PlannedValues.structureProblem(path) { return problem.replacing("the value", with: "the path") }
        if path.contains(" ") { return "contains a space" }
        return nil
    }

    static func parse(_ node: Node, file: String, problems: inout [Diagnostic]) -> ActionSpec? {
        let location = YAMLFields.location(of: node, file: file)
        if let name = node.scalar?.string {
            switch name {
            case "cilium-cleanup": return .ciliumCleanup
            case "uninstall": return .uninstall
            case "killall": return .killall
            case "check-cni-forwarding": return .checkCNIForwarding
            default:
                problems.append(.error("playbook", at: location, "unknown action '\(name)'; known: \(names.joined(separator: ", "))"))
                return nil
            }
        }
        guard let mapping = node.mapping, mapping.count == 1, let (keyNode, body) = mapping.first,
              let name = keyNode.scalar?.string
        else {
            problems.append(.error("playbook", at: location, "an action is a name or a one-key mapping such as 'sysctl: {...}'"))
            return nil
        }
        var fields = YAMLFields(body, file: file, rule: "playbook")
        defer { problems += fields.problems }
        switch name {
        case "sysctl":
            guard let key = fields.string("key", required: true), let value = fields.string("value", required: true) else { return nil }
            let path = fields.string("file") ?? "/etc/sysctl.d/90-k3smigrate.conf"
            fields.rejectUnknownKeys()
            // The key becomes a path under /proc/sys and a line of the file; the value that line's rest.
            if key.isEmpty || !key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) })
                || key.hasPrefix(".") || key.contains("..") {
                fields.fail("sysctl key '\(key)' is not a sysctl name (letters, digits, '.', '_', '-')")
                return nil
            }
            if let problem = PlannedValues.structureProblem(value) {
                fields.fail("sysctl \(key): \(problem)")
                return nil
            }
            if let problem = Self.pathProblem(path, under: "/etc/sysctl.d/", suffix: ".conf") {
                fields.fail("sysctl file '\(path)' \(problem)")
                return nil
            }
            return .sysctl(key: key, value: value, file: path)
        case "secret-file":
            guard let path = fields.string("path", required: true) else { return nil }
            let env = fields.string("from_env")
            let local = fields.string("from_file")
            let template = fields.string("template") ?? "{{secret}}"
            fields.rejectUnknownKeys()
            if let problem = Self.pathProblem(path, under: "/", suffix: "") {
                fields.fail("secret-file path '\(path)' \(problem)")
                return nil
            }
            switch (env, local) {
            case (let env?, nil): return .secretFile(path: path, source: .environment(env), template: template)
            case (nil, let local?): return .secretFile(path: path, source: .localFile(local), template: template)
            default:
                fields.fail("secret-file needs exactly one of from_env or from_file (never the secret itself)")
                return nil
            }
        default:
            problems.append(.error("playbook", at: location, "unknown action '\(name)'; known: \(names.joined(separator: ", "))"))
            return nil
        }
    }
}
