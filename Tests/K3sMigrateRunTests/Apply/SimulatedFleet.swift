import Foundation
import K3sMigrateCore

/// What the simulated hosts share: one log of every command and write in global order, and the
/// cluster's view of each node (Ready, flannel backend-type annotation).
actor SimulatedFleet {
    struct Node: Sendable {
        var ready = true
        var backendType: String
    }

    let runID: String
    private(set) var log: [String] = []
    private(set) var nodes: [String: Node] = [:]
    /// flannel backend-type the servers run; agents take it when they restart.
    private(set) var clusterBackendType = "extension"
    /// Nodes that never become Ready, whatever happens.
    var neverReady: Set<String> = []

    init(runID: String) { self.runID = runID }

    func record(_ host: String, _ line: String) { log.append("\(host): \(line)") }

    func setNode(_ name: String, backendType: String) {
        nodes[name, default: Node(backendType: backendType)].backendType = backendType
    }

    func setClusterBackend(_ type: String) { clusterBackendType = type }

    func setNeverReady(_ names: Set<String>) { neverReady = names }

    func node(_ name: String) -> Node? {
        guard var node = nodes[name] else { return nil }
        if neverReady.contains(name) { node.ready = false }
        return node
    }

    /// One node of `kubectl get nodes -o json` as K3s prints it, trimmed to what health gates read.
    func nodeJSON(_ name: String) -> String? {
        guard let node = node(name) else { return nil }
        return """
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"\(name)","annotations":{\
            "flannel.alpha.coreos.com/backend-type":"\(node.backendType)","k3s.io/node-args":"[]"}},\
            "status":{"conditions":[{"type":"MemoryPressure","status":"False"},\
            {"type":"Ready","status":"\(node.ready ? "True" : "False")","reason":"KubeletReady"}]}}
            """
    }

    /// `kubectl get nodes -o json`: every node, as a `List` (what kubectl prints).
    func nodeListJSON() -> String {
        let items = nodes.keys.sorted().compactMap { nodeJSON($0) }
        return #"{"apiVersion":"v1","kind":"List","items":["# + items.joined(separator: ",") + "]}\n"
    }

    /// The health poll a server answers for every gate (`RemoteCommands.clusterView`).
    static let clusterView = RemoteCommands.clusterView(.standard(.server)).script

    /// Log lines of one host, without the host prefix.
    func commands(on host: String) -> [String] {
        log.filter { $0.hasPrefix(host + ": ") }.map { String($0.dropFirst(host.count + 2)) }
    }

    /// Index in the global log of the first line matching `line` on `host`.
    func firstIndex(_ host: String, _ line: String) -> Int? { log.firstIndex(of: "\(host): \(line)") }
}
