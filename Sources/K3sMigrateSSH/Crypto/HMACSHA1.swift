import CLibCrypto

/// HMAC-SHA1 (RFC 2104) from OpenSSL's libcrypto: the hash OpenSSH uses for `|1|salt|hash`
/// known_hosts entries.
enum HMACSHA1 {
    static func authenticationCode(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var code = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        // A non-null pointer even for an empty key: OpenSSL reads NULL as "reuse the last key".
        (key.isEmpty ? [0] : key).withUnsafeBufferPointer { keyBuffer in
            message.withUnsafeBufferPointer { messageBuffer in
                _ = HMAC(EVP_sha1(), keyBuffer.baseAddress, Int32(key.count),
                         messageBuffer.baseAddress, messageBuffer.count, &code, &length)
            }
        }
        return Array(code.prefix(Int(length)))
    }
}
