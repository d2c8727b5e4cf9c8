import Foundation

/// What health gates read from `kubectl get node NAME -o json`.
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

    private static func parse(_ node: [String: Any]) -> NodeStatus {
        let metadata = node["metadata"] as? [String: Any]
        let annotations = metadata?["annotations"] as? [String: Any]
        let status = node["status"] as? [String: Any]
        let conditions = status?["conditions"] as? [[String: Any]] ?? []
        let ready = conditions.first { $0["type"] as? String == "Ready" }?["status"] as? String
        return NodeStatus(ready: ready, backendType: annotations?[FlannelBackendAnnotation.key] as? String)
    }
}
