/// Checks across all hosts of an inventory, whatever its format.
enum HostListChecks {
    static func check(servers: [Host], agents: [Host], reader: inout InventoryNodeReader) {
        var firstByName: [String: Host] = [:]
        for host in servers + agents {
            guard let first = firstByName[host.name] else {
                firstByName[host.name] = host
                continue
            }
            if first.role != host.role {
                reader.append(.error("inventory-host-role-conflict", host: host.name, at: host.location,
                                     "host '\(host.name)' is both a server (line \(first.location.line)) and an agent (line \(host.location.line))"))
            } else {
                reader.append(.error("inventory-duplicate-host", host: host.name, at: host.location,
                                     "host name '\(host.name)' is used twice (lines \(first.location.line) and \(host.location.line))"))
            }
        }

        var firstByEndpoint: [String: Host] = [:]
        for host in servers + agents where firstByName[host.name]?.location == host.location {
            let endpoint = "\(host.address):\(host.ssh.port ?? 22)"
            guard let first = firstByEndpoint[endpoint] else {
                firstByEndpoint[endpoint] = host
                continue
            }
            reader.append(.warning("inventory-duplicate-address", host: host.name, at: host.location,
                                   "host '\(host.name)' has the same address and port as '\(first.name)' (line \(first.location.line))"))
        }
    }
}
