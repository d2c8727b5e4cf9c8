/// [vpn-auth-in-file] A Tailscale join key written in a config file or unit is a secret at rest;
/// vpn-auth-file keeps it in a file of its own. The key itself is never printed.
struct VPNAuthInFileRule: FleetRule {
    func check(_ fleet: CheckedFleet) -> [Diagnostic] {
        fleet.nodes.flatMap { node in
            node.settings.occurrences.filter { $0.key == "vpn-auth" && $0.values.contains { $0.contains("joinKey=") } }.map { occurrence in
                .warning("vpn-auth-in-file", host: node.name, at: occurrence.location,
                         "vpn-auth holds a literal Tailscale join key (a secret at rest here); move it to a root-only file and point vpn-auth-file at it")
            }
        }
    }
}
