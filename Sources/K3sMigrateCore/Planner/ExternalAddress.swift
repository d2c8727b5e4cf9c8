import Foundation

/// The node's current external address, from the inventory's `external_ip` source and the facts.
enum ExternalAddress {
    static func resolve(for host: Host, facts: HostFacts) -> String? {
        switch host.externalIP {
        case .address(let address): return address
        case .interface(let name): return facts.addresses[name]?.first ?? probe(facts)
        case .command: return probe(facts)
        case nil: return nil
        }
    }

    private static func probe(_ facts: HostFacts) -> String? {
        guard let value = facts.probes["external-ip"]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }
}
