/// Where a node's K3s command line is defined: the systemd unit with its drop-ins
/// (`k3s.service.d/*.conf`, as `systemctl edit k3s` writes them), or the OpenRC script.
/// systemd reads the unit, then the drop-ins by name: an empty `ExecStart=` resets the command
/// and a following `ExecStart=` replaces it; `Environment=` lines add up; EnvironmentFile=
/// files are read after them and override them.
///
/// The service is the one install.sh wrote for the role (`k3s`, `k3s-agent`), or one it wrote
/// under INSTALL_K3S_NAME (`k3s-NAME.service`, `/etc/init.d/k3s-NAME`) whose command is the
/// role's subcommand. Two of them for one role (`k3s.service` beside `k3s-edge.service`, both
/// `server`) can't be told apart from files alone: the first is read, and an error says so.
enum ServiceDefinition {
    struct Definition {
        var service: K3sService
        var script: FlagScript
    }

    static func read(facts: HostFacts, role: Role) -> Definition? {
        var found: [Definition] = []
        if let unit = facts.file(K3sPaths.systemdUnit(role)) {
            found.append(Definition(service: .standard(role, manager: .systemd), script: systemd(unit: unit, facts: facts)))
        } else if let openrc = facts.file(K3sPaths.openrcScript(role)) {
            found.append(Definition(service: .standard(role, manager: .openrc), script: openRC(openrc, name: role.serviceName, facts: facts)))
        }
        found += named(facts: facts, role: role)
        guard var chosen = found.first else { return nil }
        if found.count > 1 {
            let names = found.map { "\($0.service.name) (\($0.service.definitionPath))" }.joined(separator: ", ")
            chosen.script.diagnostics.append(.error("unit-ambiguous", host: facts.host, at: SourceLocation(file: chosen.script.path),
                                                    "\(found.count) K3s \(role.rawValue) services are defined here: \(names); k3smigrate can't tell from the files which one runs, so it will not change this node (remove the unused one, or plan with --limit to leave this host out)"))
        }
        if !K3sService.isValidName(chosen.service.name) {
            chosen.script.diagnostics.append(.error("unit-name", host: facts.host, at: SourceLocation(file: chosen.script.path),
                                                    "the K3s service name \(chosen.service.name) has characters install.sh never writes (INSTALL_K3S_NAME allows letters, digits and -.@+: here): k3smigrate will not restart it"))
        }
        return chosen
    }

    /// Drop-ins of `unitPath` in the order systemd reads them.
    static func dropIns(of unitPath: String, in facts: HostFacts) -> [String] {
        let directory = unitPath + ".d/"
        return facts.files.keys.filter { path in
            path.hasPrefix(directory) && path.hasSuffix(".conf") && !path.dropFirst(directory.count).contains("/")
        }.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// Units and OpenRC scripts install.sh wrote with INSTALL_K3S_NAME=NAME whose command is
    /// `k3s ROLE`, systemd ones first, each by name.
    static func named(facts: HostFacts, role: Role) -> [Definition] {
        let unitPrefix = K3sPaths.systemdDir + "/k3s-"
        let units = facts.files.keys.filter { path in
            path.hasPrefix(unitPrefix) && path.hasSuffix(".service") && !path.dropFirst(unitPrefix.count).contains("/")
                && path != K3sPaths.systemdUnit(.agent)
        }.sorted()
        let scriptPrefix = K3sPaths.openrcDir + "/k3s-"
        let scripts = facts.files.keys.filter { path in
            path.hasPrefix(scriptPrefix) && !path.dropFirst(scriptPrefix.count).contains("/") && path != K3sPaths.openrcScript(.agent)
        }.sorted()
        let fromUnits = units.compactMap { path -> Definition? in
            let script = systemd(unit: facts.files[path]!, facts: facts)
            guard script.subcommand == role.rawValue else { return nil }
            let name = String(path.dropFirst(K3sPaths.systemdDir.count + 1).dropLast(".service".count))
            return Definition(service: K3sService(name: name, manager: .systemd), script: script)
        }
        let fromScripts = scripts.compactMap { path -> Definition? in
            let name = String(path.dropFirst(K3sPaths.openrcDir.count + 1))
            let script = openRC(facts.files[path]!, name: name, facts: facts)
            guard script.subcommand == role.rawValue else { return nil }
            return Definition(service: K3sService(name: name, manager: .openrc), script: script)
        }
        return fromUnits + fromScripts
    }

    private static func openRC(_ file: FileFact, name: String, facts: HostFacts) -> FlagScript {
        OpenRCScriptReader.read(path: file.path, text: file.text, serviceName: name, host: facts.host)
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
}
