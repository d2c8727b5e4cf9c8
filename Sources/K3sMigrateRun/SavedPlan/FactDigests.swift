import K3sMigrateCore

/// SHA-256 digests of the facts a plan was made from, one per fact, keyed so that a change can be
/// named: a file by its absolute path, everything else by a short key (`k3s-version`,
/// `kernel-modules`, `interfaces`, `addresses:eth0`, `probe:NAME`, `sysctl:KEY`, `symlink:PATH`).
/// A fact that was not known has no key, so "became known" and "is gone" show as drift too.
public enum FactDigests {
    /// File contents are digested with their secrets masked (`SecretMasking`): a digest says
    /// nothing about a token, and facts saved by `facts --save` (masked) digest like live ones.
    public static func of(_ facts: HostFacts) -> [String: String] {
        var digests: [String: String] = [:]
        for (path, file) in SecretMasking.masked(facts).files {
            digests[path] = SHA256.hex(file.content)
            if let target = file.symlinkTarget { digests[symlinkPrefix + path] = SHA256.hex(target) }
        }
        if let version = facts.k3sVersion { digests[k3sVersion] = SHA256.hex(version.description) }
        if let modules = facts.kernelModules { digests[kernelModules] = SHA256.hex(lines(modules.sorted())) }
        if let interfaces = facts.interfaces { digests[interfacesKey] = SHA256.hex(lines(interfaces.sorted())) }
        for (interface, addresses) in facts.addresses { digests[addressesPrefix + interface] = SHA256.hex(lines(addresses.sorted())) }
        for (name, value) in facts.probes { digests[probePrefix + name] = SHA256.hex(value) }
        for (key, value) in facts.sysctls { digests[sysctlPrefix + key] = SHA256.hex(value) }
        return digests
    }

    /// Hosts whose facts the plan depends on: every host with a step or skipped by the plan, and
    /// every server of the inventory that has facts (the planner checks that servers agree).
    public static func hosts(of plan: Plan, inventory: Inventory, facts: FleetFacts) -> [String] {
        var names = Set(plan.steps.compactMap(\.host))
        names.formUnion(plan.skipped.map(\.host))
        names.formUnion(inventory.servers.map(\.name).filter { facts[$0] != nil })
        return names.sorted()
    }

    /// How a drift message names the fact behind `key`.
    static func label(_ key: String) -> String {
        switch key {
        case k3sVersion: return "the k3s version"
        case kernelModules: return "the kernel module list"
        case interfacesKey: return "the network interface list"
        default:
            if key.hasPrefix(addressesPrefix) { return "the addresses of \(key.dropFirst(addressesPrefix.count))" }
            if key.hasPrefix(probePrefix) { return "probe \(key.dropFirst(probePrefix.count))" }
            if key.hasPrefix(sysctlPrefix) { return "sysctl \(key.dropFirst(sysctlPrefix.count))" }
            if key.hasPrefix(symlinkPrefix) { return "the symlink target of \(key.dropFirst(symlinkPrefix.count))" }
            return key
        }
    }

    static func isFile(_ key: String) -> Bool { key.hasPrefix("/") }

    static let k3sVersion = "k3s-version"
    static let kernelModules = "kernel-modules"
    static let interfacesKey = "interfaces"
    static let addressesPrefix = "addresses:"
    static let probePrefix = "probe:"
    static let sysctlPrefix = "sysctl:"
    static let symlinkPrefix = "symlink:"

    private static func lines(_ items: [String]) -> String { items.joined(separator: "\n") }
}
