import K3sMigrateCore

/// Preflight checks that the facts gathered at the start of this run already show passing: the
/// facts script ran the same probes (`k3s --version`, `[ -f UNIT ]`, `/sys/module` or `modprobe
/// -n`) seconds earlier, under this run's host lock. Only a passing answer is taken from the facts;
/// anything else is asked on the host again, so facts can never make preflight pass that would fail.
enum PreflightFacts {
    static func passes(_ check: PreflightCheck, facts: HostFacts) -> Bool {
        switch check.name {
        case "k3s-present":
            return facts.k3sVersion != nil
        case "unit-present", "openrc-present":
            guard let path = testedPath(check.command, flag: "-f") else { return false }
            return facts.file(path) != nil
        default:
            guard check.name.hasPrefix("kernel-module-") else { return false }
            let module = String(check.name.dropFirst("kernel-module-".count))
            return facts.kernelModules?.contains(module) == true
        }
    }

    /// PATH of `test FLAG PATH`, the only form the unit checks take.
    private static func testedPath(_ command: ShellCommand, flag: String) -> String? {
        let prefix = "test \(flag) "
        guard command.script.hasPrefix(prefix) else { return nil }
        let path = String(command.script.dropFirst(prefix.count))
        // A quoted path is left to the host.
        return ShellCommand("test", flag, path).script == command.script ? path : nil
    }
}
