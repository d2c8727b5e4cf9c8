import Foundation
@testable import K3sMigrateSSH
import Testing

@Suite("HMAC-SHA1 from libcrypto (SHA-256 is K3sMigrateCore's, tested there)")
struct HashTests {
    private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test func hmacSHA1MatchesRFC2202() {
        #expect(hex(HMACSHA1.authenticationCode(key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8)))
                == "b617318655057264e28bc0b6fb378c8ef146be00")
        #expect(hex(HMACSHA1.authenticationCode(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
                == "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")
        // A key longer than one block is hashed first.
        #expect(hex(HMACSHA1.authenticationCode(key: [UInt8](repeating: 0xaa, count: 80),
                                                message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)))
                == "aa4ae5e15272d00e95705637ce8a3b55ed402112")
        // An empty key is a key of zero bytes, not "the previous key".
        #expect(hex(HMACSHA1.authenticationCode(key: [], message: []))
                == "fbdb1d1b18aa6c08324b7d64b71fb76370690e1d")
    }
}
