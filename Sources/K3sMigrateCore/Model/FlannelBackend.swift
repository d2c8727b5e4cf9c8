/// What K3s releases accept as `flannel-backend`.
public enum FlannelBackend {
    public static let accepted = ["vxlan", "host-gw", "wireguard-native", "none"]
    public static let legacy = ["wireguard", "ipsec"]

    /// Why `backend` can't run on `version`, or nil when it can.
    public static func refusal(of backend: String, on version: K3sVersion) -> String? {
        switch backend {
        case "wireguard" where version >= K3sVersion(1, 26, 0, k3s: 0):
            return "the legacy wireguard backend was removed in v1.26 (node runs \(version)); use wireguard-native"
        case "ipsec" where version >= K3sVersion(1, 27, 0, k3s: 0):
            return "the ipsec backend was removed in v1.27 (node runs \(version)); use wireguard-native"
        case "wireguard-native" where version < K3sVersion(1, 23, 6, k3s: 0):
            return "wireguard-native needs K3s v1.23.6 or later (node runs \(version))"
        default:
            return nil
        }
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
