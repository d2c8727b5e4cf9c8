/// [missing-kernel-module] wireguard-native needs the WireGuard kernel module on every node,
/// servers and agents.
struct MissingKernelModuleRule: FleetRule {
    func check(_ fleet: CheckedFleet) -> [Diagnostic] {
        fleet.nodes.compactMap { node in
            guard let modules = node.facts.kernelModules, !modules.contains("wireguard"),
                  let (_, server) = fleet.backends(on: node).first(where: { $0.backend == "wireguard-native" })
            else { return nil }
            return .error("missing-kernel-module", host: node.name, at: CheckedFleet.location(of: "flannel-backend", on: server, for: node),
                          "flannel-backend wireguard-native\(CheckedFleet.origin(of: "flannel-backend", on: server, for: node)) needs the wireguard kernel module, which this node lacks")
        }
    }
}
