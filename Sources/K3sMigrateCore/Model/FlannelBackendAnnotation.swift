/// How a node reports its flannel backend: the `flannel.alpha.coreos.com/backend-type`
/// annotation holds flannel's backend type, which is not always K3s's name for it.
public enum FlannelBackendAnnotation {
    public static let key = "flannel.alpha.coreos.com/backend-type"

    /// Annotation values that mean `backend` (a K3s `flannel-backend` value) runs on the node.
    /// The one place to adjust when K3s or flannel rename something.
    public static func accepted(for backend: String) -> Set<String> {
        switch backend {
        // K3s's wireguard-native is flannel's `wireguard` backend.
        case "wireguard-native": return ["wireguard-native", "wireguard"]
        // K3s ran the legacy `wireguard` backend through flannel's `extension` backend; `wireguard`
        // alone would be wireguard-native, so it is not accepted here.
        case "wireguard": return ["extension"]
        // Tailscale (vpn-auth) runs through flannel's `extension` backend too.
        case "tailscale": return ["extension"]
        default: return [backend]
        }
    }

    public static func matches(expected backend: String, seen value: String) -> Bool {
        accepted(for: backend).contains(value)
    }
}
