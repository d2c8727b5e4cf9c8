import Foundation

/// The page's custom-CNI note: Canal and Calico need `"allow_ip_forwarding": true` under
/// `container_settings` in their CNI config. Reports every node whose conflist lacks it.
enum CNIForwardingCheck {
    static let files = ["10-canal.conflist", "10-calico.conflist"].map { K3sPaths.cniDir + "/" + $0 }

    static func warnings(_ analysis: HostAnalysis) -> [Diagnostic] {
        files.compactMap { path -> Diagnostic? in
            guard let file = analysis.facts.file(path) else { return nil }
            let location = SourceLocation(file: path)
            guard let json = try? JSONSerialization.jsonObject(with: Data(file.content)) else {
                return .warning("cni-forwarding", host: analysis.name, at: location,
                                "not valid JSON, so allow_ip_forwarding can't be checked")
            }
            guard !allowsForwarding(json) else { return nil }
            return .warning("cni-forwarding", host: analysis.name, at: location,
                            "container_settings.allow_ip_forwarding is not true: set \"container_settings\": {\"allow_ip_forwarding\": true} in the Canal/Calico plugin (K3s custom CNI note)")
        }
    }

    /// Whether the conflist (or any plugin in it) has `container_settings.allow_ip_forwarding: true`.
    static func allowsForwarding(_ json: Any) -> Bool {
        guard let object = json as? [String: Any] else { return false }
        if let settings = object["container_settings"] as? [String: Any], settings["allow_ip_forwarding"] as? Bool == true {
            return true
        }
        return (object["plugins"] as? [Any] ?? []).contains { allowsForwarding($0) }
    }
}
