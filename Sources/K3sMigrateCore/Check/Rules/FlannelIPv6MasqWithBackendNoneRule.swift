/// [flannel-ipv6-masq-with-backend-none] With flannel-backend none flannel does not run, so
/// flannel-ipv6-masq does nothing.
struct FlannelIPv6MasqWithBackendNoneRule: FleetRule {
    func check(_ fleet: CheckedFleet) -> [Diagnostic] {
        fleet.servers.compactMap { server in
            guard server.isTrue("flannel-ipv6-masq"), server.value("flannel-backend") == "none" else { return nil }
            return .warning("flannel-ipv6-masq-with-backend-none", host: server.name, at: server.location("flannel-ipv6-masq"),
                            "flannel-ipv6-masq is true but flannel-backend is none (\(server.whereSet("flannel-backend"))): it has no effect")
        }
    }
}
