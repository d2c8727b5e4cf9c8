/// What K3s releases accept as `flannel-backend`.
public enum FlannelBackend {
    public static let accepted = ["vxlan", "host-gw", "wireguard-native", "none"]
    public static let legacy = ["wireguard", "ipsec"]

    /// The first release that refuses each legacy backend.
    public static let removedIn: [String: K3sVersion] = [
        "wireguard": K3sVersion(1, 26, 0, k3s: 0),
        "ipsec": K3sVersion(1, 27, 0, k3s: 0),
    ]

    /// The first release with wireguard-native.
    public static let wireguardNativeSince = K3sVersion(1, 23, 6, k3s: 0)

    /// Why `backend` can't run on `version`, or nil when it can.
    public static func refusal(of backend: String, on version: K3sVersion) -> String? {
        if let removed = removedIn[backend], version >= removed {
            return "the \(backend == "wireguard" ? "legacy wireguard" : backend) backend was removed in v\(removed.major).\(removed.minor) "
                + "(node runs \(version)); use wireguard-native"
        }
        if backend == "wireguard-native", version < wireguardNativeSince {
            return "wireguard-native needs K3s v1.23.6 or later (node runs \(version))"
        }
        return nil
    }

    /// Interfaces a running backend creates, which health checks and cleanups look for.
    public static func interfaces(of backend: String) -> [String] {
        switch backend {
        case "vxlan", "wireguard": return ["flannel.1"]
        case "wireguard-native": return ["flannel-wg"]
        default: return []
        }
    }
}
