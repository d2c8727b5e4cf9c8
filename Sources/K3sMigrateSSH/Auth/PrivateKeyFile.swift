import Foundation

/// What a private key file holds, learned without decrypting it: the OpenSSH format keeps the
/// public key in clear; PEM files name their type in the armour line.
struct PrivateKeyFile: Sendable, Hashable {
    var path: String
    /// `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`, ...; nil when the format doesn't say.
    var keyType: String?
    var isEncrypted: Bool

    var isRSA: Bool { keyType == "ssh-rsa" }

    static func inspect(path: String) throws -> PrivateKeyFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "not readable" : "does not exist"
            throw SSHError.configInvalid(file: path, line: 0, message: "identity file \(reason)")
        }
        return inspect(text: String(decoding: data, as: UTF8.self), path: path)
    }

    static func inspect(text: String, path: String) -> PrivateKeyFile {
        if text.contains("-----BEGIN OPENSSH PRIVATE KEY-----") {
            let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
            if let blob = Data(base64Encoded: body).map(Array.init), let parsed = parseOpenSSH(blob) {
                return PrivateKeyFile(path: path, keyType: parsed.type, isEncrypted: parsed.encrypted)
            }
            return PrivateKeyFile(path: path, keyType: nil, isEncrypted: false)
        }
        let encrypted = text.contains("ENCRYPTED")
        if text.contains("BEGIN RSA PRIVATE KEY") { return PrivateKeyFile(path: path, keyType: "ssh-rsa", isEncrypted: encrypted) }
        if text.contains("BEGIN EC PRIVATE KEY") { return PrivateKeyFile(path: path, keyType: "ecdsa", isEncrypted: encrypted) }
        if text.contains("BEGIN DSA PRIVATE KEY") { return PrivateKeyFile(path: path, keyType: "ssh-dss", isEncrypted: encrypted) }
        return PrivateKeyFile(path: path, keyType: nil, isEncrypted: encrypted)
    }

    /// `openssh-key-v1\0`, cipher name, kdf name, kdf options, key count, first public key.
    private static func parseOpenSSH(_ blob: [UInt8]) -> (type: String, encrypted: Bool)? {
        let magic = Array("openssh-key-v1".utf8) + [0]
        guard blob.starts(with: magic) else { return nil }
        var reader = SSHWireReader(blob[magic.count...])
        guard let cipher = reader.string(), reader.string() != nil, reader.string() != nil,
              let count = reader.uint32(), count >= 1, let publicKey = reader.string(),
              let type = HostKeyFingerprint.keyType(ofKeyBlob: Array(publicKey)) else { return nil }
        return (type, String(decoding: cipher, as: UTF8.self) != "none")
    }
}
