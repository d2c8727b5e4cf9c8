/// [invalid-yaml] and every other problem found while reading a node's settings.
struct ReadDiagnosticsRule: FleetRule {
    func check(_ fleet: CheckedFleet) -> [Diagnostic] {
        fleet.nodes.flatMap { node in
            node.settings.diagnostics.map { diagnostic in
                var copy = diagnostic
                copy.host = node.name
                return copy
            }
        }
    }
}
