import Foundation

/// One usable line of an OpenSSH known_hosts file.
public struct KnownHostsEntry: Sendable, Hashable {
    public enum Marker: String, Sendable, Hashable {
        case certAuthority = "@cert-authority"
        case revoked = "@revoked"
    }

    /// The host field: a pattern list (`web1,10.0.0.5`, `*.lan`, `[h]:2222`) or an OpenSSH
    /// hashed name (`|1|base64 salt|base64 HMAC-SHA1`).
    public enum Hosts: Sendable, Hashable {
        case patterns([String])
        case hashed(salt: [UInt8], hash: [UInt8])
    }

    /// 1-based line number in the file.
    public var line: Int
    public var marker: Marker?
    public var hosts: Hosts
    public var keyType: String
    public var keyBase64: String
    /// The text of the line as written, for feeding libssh2 unchanged.
    public var text: String

    public var keyBlob: [UInt8] { Data(base64Encoded: keyBase64).map(Array.init) ?? [] }
    public var fingerprint: String { HostKeyFingerprint.sha256(ofKeyBlob: keyBlob) }

    /// Whether this line names `hostName` (already in known_hosts form: `host` or `[host]:port`).
    public func matches(hostName: String) -> Bool {
        switch hosts {
        case .patterns(let patterns):
            return HostPattern.matches(hostName, patterns: patterns)
        case .hashed(let salt, let hash):
            return HMACSHA1.authenticationCode(key: salt, message: Array(hostName.lowercased().utf8)) == hash
        }
    }

    /// The same key written for one concrete host name, plain, the way libssh2 can match it.
    func line(forHost hostName: String) -> String {
        "\(hostName.lowercased()) \(keyType) \(keyBase64)"
    }
}
