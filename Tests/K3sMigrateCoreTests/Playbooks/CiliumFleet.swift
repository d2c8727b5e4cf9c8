@testable import K3sMigrateCore

/// A fleet of two servers (s1 initial, s2 joining) and two agents, each with Cilium's leftovers.
enum CiliumFleet {
    static let links = ["lo", "eth0", "cilium_net", "cilium_host", "cilium_vxlan"]

    static func make(leftovers: Bool = true, agents: Int = 2) -> TestFleet {
        var fleet = TestFleet()
        fleet.server("s1", config: "cluster-init: true\nflannel-backend: none\ndisable-network-policy: true\n")
        fleet.server("s2", config: "server: https://10.9.0.1:6443\nflannel-backend: none\ndisable-network-policy: true\n")
        for index in 0..<agents { fleet.agent("a\(index + 1)", config: "node-label:\n  - pool=general\n") }
        for name in ["s1", "s2"] + (0..<agents).map({ "a\($0 + 1)" }) {
            fleet.overrides[name] = { facts in
                facts.interfaces = leftovers ? links : ["lo", "eth0"]
                let dump = leftovers ? CiliumDumps.leftovers : CiliumDumps.clean
                facts.firewallDumps = ["iptables": dump, "ip6tables": dump,
                                       "iptables-legacy": "# Warning: iptables-legacy tables present\n*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n"]
            }
        }
        return fleet
    }
}
