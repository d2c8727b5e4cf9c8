/// Decides, for one host, whether the playbook applies, what it changes, and which facts already
/// show that preflight would fail.
enum HostAnalyzer {
    static func analyze(_ host: Host, facts: HostFacts, playbook: Playbook) -> HostAnalysis {
        var analysis = HostAnalysis(host: host, facts: facts)
        for diagnostic in analysis.settings.diagnostics {
            var located = diagnostic
            located.host = host.name
            if located.severity == .error { analysis.problems.append(located) } else { analysis.notes.append(located) }
        }
        if let reason = skipReason(analysis, playbook: playbook) {
            analysis.skipReason = reason
            return analysis
        }
        checkVersion(&analysis, playbook.preflight)
        checkKernelModules(&analysis, playbook.preflight)
        if playbook.preflight.requireExternalIP, ExternalAddress.resolve(for: host, facts: facts) == nil {
            analysis.problems.append(.error("external-ip-unknown", host: host.name, at: host.externalIPLocation ?? host.location,
                                            ExternalAddress.whyUnknown(for: host, facts: facts)))
        }
        planSettings(&analysis, playbook: playbook)
        return analysis
    }

    private static func skipReason(_ analysis: HostAnalysis, playbook: Playbook) -> String? {
        for rule in playbook.skipWhenSet {
            if let found = analysis.settings.effective(rule.key) {
                return "\(rule.key) is set (\(found.location)): \(rule.reason)"
            }
        }
        for spec in playbook.settings where applies(spec, to: analysis.role) {
            guard let allowed = spec.whenCurrent, case .scalar(let target) = spec.value else { continue }
            let current = analysis.current(spec.key)
            if current != target, !allowed.contains(current ?? "") {
                let place = analysis.settings.effective(spec.key).map { "\($0.location)" } ?? "K3s default"
                return "\(spec.key) is \(current ?? "unset") (\(place)), not one of \(allowed.joined(separator: ", "))"
            }
        }
        return nil
    }

    /// Whether a setting belongs on a node of this role: server-only keys go to servers only.
    static func applies(_ spec: SettingSpec, to role: Role) -> Bool {
        switch spec.scope ?? (K3sFlagCatalog.isServerOnly(spec.key) ? .servers : .all) {
        case .all: return true
        case .servers: return role == .server
        case .agents: return role == .agent
        }
    }

    private static func checkVersion(_ analysis: inout HostAnalysis, _ preflight: PreflightSpec) {
        guard preflight.minVersion != nil || !preflight.versionGates.isEmpty else { return }
        guard let version = analysis.facts.k3sVersion else {
            analysis.notes.append(.warning("version-unknown", host: analysis.name, "K3s version not known from facts; preflight checks it on the host"))
            return
        }
        if let min = preflight.minVersion, version < min {
            analysis.problems.append(.error("version-too-old", host: analysis.name, "K3s \(version) is older than \(min), which this playbook needs"))
        }
        if !preflight.versionGates.isEmpty, !version.isAtLeast(anyOf: preflight.versionGates) {
            let gates = preflight.versionGates.map(\.description).joined(separator: ", ")
            analysis.problems.append(.error("version-too-old", host: analysis.name, "K3s \(version) lacks this feature; it needs one of \(gates) or later"))
        }
    }

    private static func checkKernelModules(_ analysis: inout HostAnalysis, _ preflight: PreflightSpec) {
        guard !preflight.kernelModules.isEmpty else { return }
        guard let modules = analysis.facts.kernelModules else {
            analysis.notes.append(.warning("modules-unknown", host: analysis.name, "kernel modules not known from facts; preflight checks them on the host"))
            return
        }
        for module in preflight.kernelModules where !modules.contains(module) {
            analysis.problems.append(.error("missing-kernel-module", host: analysis.name,
                                            "kernel module '\(module)' is not available; install it (e.g. the wireguard package) before migrating"))
        }
    }

    private static func planSettings(_ analysis: inout HostAnalysis, playbook: Playbook) {
        var changes: [SettingChange] = []
        for spec in playbook.settings where applies(spec, to: analysis.role) {
            guard let change = settingChange(spec, analysis: &analysis) else { continue }
            changes.append(change)
            analysis.changedKeys.append((spec.key, change.remove ? [] : change.values))
        }
        guard !changes.isEmpty else { return }
        do {
            analysis.fileChanges = try analysis.settings.edits(changes)
        } catch let diagnostic as Diagnostic {
            var located = diagnostic
            located.host = analysis.name
            analysis.problems.append(located)
        } catch {
            analysis.problems.append(.error("edit", host: analysis.name, "cannot edit settings: \(error)"))
        }
    }

    /// The change a spec makes on this host, or nil when the host already has the value.
    private static func settingChange(_ spec: SettingSpec, analysis: inout HostAnalysis) -> SettingChange? {
        let current = analysis.settings.effective(spec.key)
        switch spec.value {
        case .scalar(let value):
            if spec.key == "flannel-backend", let version = analysis.facts.k3sVersion,
               let refusal = FlannelBackend.refusal(of: value, on: version) {
                analysis.problems.append(.error("removed-backend", host: analysis.name, at: spec.location, refusal))
            }
            if (current?.value ?? K3sFlagCatalog.defaultValues(spec.key)?.last) == value, current?.isList != true { return nil }
            if current?.values == [value] { return nil }
            return SettingChange(key: spec.key, values: [value], asList: false)
        case .list(let values):
            guard current?.values != values else { return nil }
            return SettingChange(key: spec.key, values: values, asList: true)
        case .addItem(let item):
            // The list in effect: config files' items, then the unit's (K3s appends flags).
            let existing = current?.values ?? []
            // `name=value` items (kubelet-arg, node-label) replace the item of the same name
            // where it sits (file, drop-in or unit); any further one of that name goes.
            let name = item.firstIndex(of: "=").map { String(item[...$0]) }
            var wanted: [String] = []
            var placed = false
            for value in existing {
                if value == item || (name.map { value.hasPrefix($0) } ?? false) {
                    if !placed { wanted.append(item) }
                    placed = true
                } else {
                    wanted.append(value)
                }
            }
            if !placed { wanted.append(item) }
            guard wanted != existing else { return nil }
            return SettingChange(key: spec.key, values: wanted, asList: true)
        case .externalIP:
            guard let address = ExternalAddress.resolve(for: analysis.host, facts: analysis.facts) else { return nil }
            guard current?.value != address else { return nil }
            return SettingChange(key: spec.key, values: [address], asList: false)
        case .remove:
            guard current != nil else { return nil }
            return SettingChange(key: spec.key, values: [], asList: false, remove: true)
        }
    }
}
