/// [invalid-boolean] A boolean flag whose value Go's strconv.ParseBool rejects (`--flag=yes`, or a
/// quoted "yes" in config.yaml: unquoted YAML 1.1 yes/on/off already read as true/false):
/// K3s will not start. An empty value (`flannel-ipv6-masq:`) is no boolean either.
struct InvalidBooleanRule: FleetRule {
    func check(_ fleet: CheckedFleet) -> [Diagnostic] {
        fleet.nodes.flatMap { node -> [Diagnostic] in
            node.settings.occurrences.filter { K3sFlagCatalog.isBoolean($0.key) && !$0.isSecretSet }.flatMap { occurrence in
                occurrence.values.filter { K3sFlagCatalog.boolean($0) == nil }.map { value in
                    .error("invalid-boolean", host: node.name, at: occurrence.location,
                           "\(occurrence.key) is \"\(value)\", which is not a boolean to K3s (true, false, 1, 0, t, f): K3s will not start")
                }
            }
        }
    }
}
