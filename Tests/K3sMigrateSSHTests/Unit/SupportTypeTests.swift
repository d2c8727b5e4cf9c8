import Foundation
@testable import K3sMigrateSSH
import Testing

@Suite("Byte queue, path expansion and private key inspection")
struct SupportTypeTests {
    @Test func byteQueueKeepsOrderAcrossConsumes() {
        var queue = ByteQueue()
        let first: [UInt8] = Array(0..<100)
        first.withUnsafeBytes { queue.append($0) }
        queue.consume(60)
        let second: [UInt8] = Array(100..<150)
        second.withUnsafeBytes { queue.append($0) }
        #expect(queue.count == 90)
        #expect(queue.withUnconsumed { Array($0) } == Array(60..<150))
        queue.consume(90)
        #expect(queue.isEmpty)
    }

    @Test func pathsExpandTildeAndTokens() {
        let expansion = PathExpansion(home: "/home/op", localUser: "op", remoteHost: "web1", remoteUser: "root", port: 2222)
        #expect(expansion.expand("~") == "/home/op")
        #expect(expansion.expand("~/.ssh/id_ed25519") == "/home/op/.ssh/id_ed25519")
        #expect(expansion.expand("%d/keys/%r@%h:%p-%u%%") == "/home/op/keys/root@web1:2222-op%")
        #expect(expansion.expand("/abs/~x") == "/abs/~x")
    }

    @Test func pemKeysNameTheirTypeInTheArmour() {
        let rsa = PrivateKeyFile.inspect(text: "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nxx\n", path: "k")
        #expect(rsa.isRSA)
        #expect(rsa.isEncrypted)
        let ec = PrivateKeyFile.inspect(text: "-----BEGIN EC PRIVATE KEY-----\nxx\n", path: "k")
        #expect(ec.keyType == "ecdsa")
        #expect(!ec.isEncrypted)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh-keygen"), "needs ssh-keygen"),
          arguments: [("ed25519", "", "ssh-ed25519", false), ("ecdsa", "pw", "ecdsa-sha2-nistp256", true), ("rsa", "", "ssh-rsa", false)])
    func openSSHKeysRevealTypeAndEncryptionWithoutThePassphrase(type: String, passphrase: String, expectedType: String, encrypted: Bool) throws {
        let directory = try TemporaryDirectory(prefix: "k3smigrate-keys")
        defer { directory.remove() }
        let path = try LocalSSHD.makeKey(in: directory, name: "key", type: type, passphrase: passphrase)
        let key = try PrivateKeyFile.inspect(path: path)
        #expect(key.keyType == expectedType)
        #expect(key.isEncrypted == encrypted)
    }
}
