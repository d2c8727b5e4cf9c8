import Foundation
import K3sMigrateCore

/// OpenSSH's way to show a public key: `SHA256:` and the unpadded base64 of the SHA-256 of the
/// key blob (what `ssh-keygen -lf` and ssh's host key prompts print).
public enum HostKeyFingerprint {
    public static func sha256(ofKeyBlob blob: [UInt8]) -> String {
        "SHA256:" + Data(SHA256.digest(blob)).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    /// Fingerprint of a base64 key as found in known_hosts or a `.pub` file; nil if not base64.
    public static func sha256(ofBase64Key base64: String) -> String? {
        guard let data = Data(base64Encoded: base64) else { return nil }
        return sha256(ofKeyBlob: Array(data))
    }

    /// The algorithm name a key blob starts with (`ssh-ed25519`, `ecdsa-sha2-nistp256`, ...).
    public static func keyType(ofKeyBlob blob: [UInt8]) -> String? {
        guard blob.count >= 4 else { return nil }
        let length = Int(blob[0]) << 24 | Int(blob[1]) << 16 | Int(blob[2]) << 8 | Int(blob[3])
        guard length > 0, length <= blob.count - 4 else { return nil }
        return String(bytes: blob[4..<(4 + length)], encoding: .utf8)
    }
}
