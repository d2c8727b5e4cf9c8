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

    /// Why `resolve` found nothing: the source the inventory names and the fact that is missing.
    static func whyUnknown(for host: Host, facts: HostFacts) -> String {
        switch host.externalIP {
        case nil:
            return "no external address: the inventory has no external_ip for this host; set external_ip (address, interface or command)"
        case .address:
            return "external_ip: address is empty"
        case .interface(let name):
            let known = facts.addresses.filter { !$0.value.isEmpty }.keys.sorted()
            return "external_ip: interface \(name) has no global address in the facts"
                + (known.isEmpty ? " (the facts hold no global address on any interface)" : " (global addresses are on: \(known.joined(separator: ", ")))")
                + " and there is no external-ip probe; check the interface name, or use external_ip: { address: ... }"
        case .command:
            return "external_ip: command gave no address: the facts have no external-ip probe output (run `k3smigrate facts` again, or check that the command prints the address on its first line)"
        }
    }

    private static func probe(_ facts: HostFacts) -> String? {
        guard let value = facts.probes["external-ip"]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }
}
