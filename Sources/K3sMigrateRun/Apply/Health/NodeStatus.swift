import Foundation
import K3sMigrateCore

/// What health gates read about a node from `kubectl get nodes -o json`.
struct NodeStatus: Sendable, Hashable {
    /// Status of the `Ready` condition (`True`, `False`, `Unknown`), nil when absent.
    var ready: String?
    /// The flannel backend-type annotation, nil when absent.
    var backendType: String?

    static func parse(_ json: [UInt8]) -> NodeStatus? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json)),
              let node = object as? [String: Any] else { return nil }
        return parse(node)
    }

    /// Every node of a `kubectl get nodes -o json` list (`kind: List`, `items`), by name; nil when
    /// the bytes are not such a list.
    static func parseList(_ json: some Collection<UInt8>) -> [String: NodeStatus]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any],
              let items = object["items"] as? [[String: Any]] else { return nil }
        var nodes: [String: NodeStatus] = [:]
        for item in items {
            guard let name = (item["metadata"] as? [String: Any])?["name"] as? String else { continue }
            nodes[name] = parse(item)
        }
        return nodes
    }

    private static func parse(_ node: [String: Any]) -> NodeStatus {
        let metadata = node["metadata"] as? [String: Any]
        let annotations = metadata?["annotations"] as? [String: Any]
        let status = node["status"] as? [String: Any]
        let conditions = status?["conditions"] as? [[String: Any]] ?? []
        let ready = conditions.first { $0["type"] as? String == "Ready" }?["status"] as? String
        return NodeStatus(ready: ready, backendType: annotations?[FlannelBackendAnnotation.key] as? String)
    }
}
