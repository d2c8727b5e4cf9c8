import K3sMigrateCore

/// The health probe each restart step ran right after its restart, in the same command
/// (`RemoteCommands.restart`), kept for that host's health gate, whose first poll it is.
///
/// Never stale: every restart of a host (forward or in a rollback) replaces or clears its
/// entry before it runs, and a gate takes an entry once, only when its command is the restart
/// the gate expects (a plan saved by an older version restarts without a probe).
actor RestartProbes {
    struct Probe: Sendable {
        var script: String
        var result: CommandResult
        /// When the command's answer arrived: the probe ran before it, after the restart.
        var answeredAt: ContinuousClock.Instant
    }

    private var probes: [String: Probe] = [:]

    /// A restart of `host` is about to run: whatever an earlier restart left is no longer true.
    func clear(_ host: String) {
        probes[host] = nil
    }

    func record(_ host: String, _ probe: Probe) {
        probes[host] = probe
    }

    /// The probe of `host`'s last restart when it ran `script`; removes it either way.
    func take(_ host: String, script: String) -> Probe? {
        guard let probe = probes.removeValue(forKey: host), probe.script == script else { return nil }
        return probe
    }
}
