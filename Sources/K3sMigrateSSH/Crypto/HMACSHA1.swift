/// HMAC-SHA1 (RFC 2104), the hash OpenSSH uses for `|1|salt|hash` known_hosts entries.
enum HMACSHA1 {
    static func authenticationCode(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var block = key.count > SHA1.blockSize ? SHA1.hash(key) : key
        block += [UInt8](repeating: 0, count: SHA1.blockSize - block.count)
        let inner = block.map { $0 ^ 0x36 }
        let outer = block.map { $0 ^ 0x5c }
        return SHA1.hash(outer + SHA1.hash(inner + message))
    }
}
