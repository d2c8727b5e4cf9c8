/// Where a node's K3s command line is defined: the systemd unit with its drop-ins
/// (`k3s.service.d/*.conf`, as `systemctl edit k3s` writes them), or the OpenRC script.
/// systemd reads the unit, then the drop-ins by name: an empty `ExecStart=` resets the command
/// and a following `ExecStart=` replaces it; `Environment=` lines add up; EnvironmentFile=
/// files are read after them and override them.
enum ServiceDefinition {
    static func read(facts: HostFacts, role: Role) -> FlagScript? {
        let unitPath = K3sPaths.systemdUnit(role)
        if let unit = facts.file(unitPath) {
            return systemd(unit: unit, facts: facts)
        }
        if let openrc = facts.file(K3sPaths.openrcScript(role)) {
            return OpenRCScriptReader.read(path: openrc.path, text: openrc.text, serviceName: role.serviceName, host: facts.host)
        }
        return namedUnit(facts: facts, role: role)
    }

    /// Drop-ins of `unitPath` in the order systemd reads them.
    static func dropIns(of unitPath: String, in facts: HostFacts) -> [String] {
        let directory = unitPath + ".d/"
        return facts.files.keys.filter { path in
            path.hasPrefix(directory) && path.hasSuffix(".conf") && !path.dropFirst(directory.count).contains("/")
        }.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    private static func systemd(unit: FileFact, facts: HostFacts) -> FlagScript {
        let parts = [SystemdUnitReader.read(path: unit.path, text: unit.text, host: facts.host)]
            + dropIns(of: unit.path, in: facts).map { SystemdUnitReader.read(path: $0, text: facts.files[$0]!.text, host: facts.host) }
        var chosen = parts[0]
        var problems: [Diagnostic] = []
        for dropIn in parts.dropFirst() where dropIn.execStartCount > 0 {
            if dropIn.resetsExecStart {
                chosen = dropIn
            } else {
                problems.append(.error("unit-dropin-execstart", host: facts.host, at: SourceLocation(file: dropIn.path),
                                       "\(dropIn.path) adds an ExecStart= without resetting it first (an empty ExecStart= line): systemd refuses a second command for this service, so k3smigrate can't tell which flags K3s runs with and will not edit them"))
            }
        }
        // The drop-in's own warnings about a missing ExecStart are moot when it only adds settings.
        chosen.diagnostics += problems
        chosen.environment = parts.flatMap(\.environment)
        var files: [String] = []
        for file in parts.flatMap(\.environmentFiles) where !files.contains(file) { files.append(file) }
        chosen.environmentFiles = files
        return chosen
    }

    /// INSTALL_K3S_NAME=NAME installs `k3s-NAME.service`: read it so `check` sees its settings,
    /// and refuse changes, since restarts and health checks address k3s / k3s-agent.
    private static func namedUnit(facts: HostFacts, role: Role) -> FlagScript? {
        let prefix = K3sPaths.systemdDir + "/k3s-"
        let candidates = facts.files.keys.filter { path in
            path.hasPrefix(prefix) && path.hasSuffix(".service") && !path.dropFirst(prefix.count).contains("/")
                && path != K3sPaths.systemdUnit(.agent)
        }.sorted()
        let matching = candidates.compactMap { path -> FlagScript? in
            let script = systemd(unit: facts.files[path]!, facts: facts)
            return script.subcommand == role.rawValue ? script : nil
        }
        guard var script = matching.first else { return nil }
        let names = matching.map { String($0.path.split(separator: "/").last ?? "") }.joined(separator: ", ")
        script.diagnostics.append(.error("unit-name", host: facts.host, at: SourceLocation(file: script.path),
                                         "K3s runs here as \(names) (INSTALL_K3S_NAME), not \(role.serviceName).service: k3smigrate restarts and checks \(role.serviceName) only, so it will not change this node"))
        return script
    }
}
