import K3sMigrateCore

/// Facts kept in a directory, for planning without SSH (`--from-dir DIR`) and for saving what was
/// gathered (`facts --save DIR`).
///
/// Layout: `DIR/<host name>/` mirrors the host's filesystem for the files in `FactPaths`
/// (`etc/rancher/k3s/config.yaml`, `etc/rancher/k3s/config.yaml.d/*.yaml`, the systemd unit or
/// OpenRC script, the Canal/Calico conflist, `etc/sysctl.d/*k3s*.conf`); a symlinked file is read
/// through the link, its target taken relative to the host's root. An optional
/// `DIR/<host>/facts.yaml` holds the rest (see `FactsFile`). Env files are never read or written.
public enum FactsDirectory {
    /// Facts of every inventory host. Throws all problems at once: every host directory that is
    /// missing, every bad facts.yaml line.
    public static func load(from dir: String, inventory: Inventory) throws(DiagnosticsError) -> FleetFacts {
        try load(from: dir, hosts: inventory.hosts)
    }

    /// Facts of `hosts` only (e.g. those `--limit` selects).
    public static func load(from dir: String, hosts: [K3sMigrateCore.Host]) throws(DiagnosticsError) -> FleetFacts {
        try FactsDirectoryLoader(directory: dir).load(hosts: hosts)
    }

    /// Writes `facts` in the layout `load` reads, replacing what an earlier save left for those hosts.
    public static func save(_ facts: FleetFacts, to dir: String) throws {
        try FactsDirectorySaver(directory: dir).save(facts)
    }
}
