import CLibCrypto

/// SHA-256 from OpenSSL's libcrypto (EVP). Feed bytes with `update` in any chunks, then read
/// `finalize()`; or hash at once with `digest`/`hex`. A value type: a copy hashes on its own.
public struct SHA256: @unchecked Sendable {
    /// Owns one EVP_MD_CTX; copied before a write when shared (copy on write).
    private final class Context {
        let pointer: OpaquePointer
        init() {
            pointer = EVP_MD_CTX_new()!
            EVP_DigestInit_ex(pointer, EVP_sha256(), nil)
        }
        init(copying other: Context) {
            pointer = EVP_MD_CTX_new()!
            EVP_MD_CTX_copy_ex(pointer, other.pointer)
        }
        deinit { EVP_MD_CTX_free(pointer) }
    }

    private var context = Context()

    public init() {}

    public mutating func update(_ bytes: [UInt8]) {
        if !isKnownUniquelyReferenced(&context) { context = Context(copying: context) }
        bytes.withUnsafeBufferPointer { buffer in
            _ = EVP_DigestUpdate(context.pointer, buffer.baseAddress, buffer.count)
        }
    }

    public mutating func update(_ text: String) { update(Array(text.utf8)) }

    /// The 32-byte digest of everything fed so far (`self` stays usable).
    public func finalize() -> [UInt8] {
        let copy = Context(copying: context)
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(copy.pointer, &digest, &length)
        return digest
    }

    public static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        var length: UInt32 = 0
        bytes.withUnsafeBufferPointer { buffer in
            _ = EVP_Digest(buffer.baseAddress, buffer.count, &digest, &length, EVP_sha256(), nil)
        }
        return digest
    }

    /// Lower-case hex digest, 64 characters.
    public static func hex(_ bytes: [UInt8]) -> String { hexString(digest(bytes)) }
    public static func hex(_ text: String) -> String { hex(Array(text.utf8)) }

    public static func hexString(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(digest.count * 2)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
