/// [flannel-external-ip-without-node-external-ip] flannel-external-ip makes flannel use the
/// nodes' external addresses: a node without node-external-ip has none to offer.
struct FlannelExternalIPWithoutNodeExternalIPRule: FleetRule {
    func check(_ fleet: CheckedFleet) -> [Diagnostic] {
        guard let server = fleet.servers.first(where: { $0.isTrue("flannel-external-ip") }) else { return [] }
        return fleet.nodes.filter { $0.settings.effective("node-external-ip") == nil }.map { node in
            .warning("flannel-external-ip-without-node-external-ip", host: node.name,
                     at: CheckedFleet.location(of: "flannel-external-ip", on: server, for: node),
                     "flannel-external-ip is true\(CheckedFleet.origin(of: "flannel-external-ip", on: server, for: node)) but this node sets no node-external-ip")
        }
    }
}
