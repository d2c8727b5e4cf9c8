import Foundation
@testable import K3sMigrateSSH
import Testing

@Suite("known_hosts parsing and matching")
struct KnownHostsTests {
    /// Generated with `ssh-keygen -t ed25519`; the fingerprint is what `ssh-keygen -lf` printed.
    static let key = "AAAAC3NzaC1lZDI1NTE5AAAAIC3QijqWnMLT+qMvEOxBzQ5KWpSNCoHWENPITHc1XVfZ"
    static let fingerprint = "SHA256:2q7jcduZQP/raDCbOujqBU0OaqJ0Ou1qz2nlfIGRj0M"
    /// `ssh-keygen -H` output for `[web1.example]:2222 ssh-ed25519 <key>`.
    static let hashedLine = "|1|4vQ7hEbKur4VLZL4oROv+xIJbiA=|ATpQcuSNsQtG53c1IneMboijBG0= ssh-ed25519 " + key

    @Test func fingerprintsLookLikeOpenSSHs() {
        #expect(HostKeyFingerprint.sha256(ofBase64Key: Self.key) == Self.fingerprint)
        let blob = Array(Data(base64Encoded: Self.key)!)
        #expect(HostKeyFingerprint.keyType(ofKeyBlob: blob) == "ssh-ed25519")
        #expect(HostKeyFingerprint.keyType(ofKeyBlob: [0, 0, 0, 9, 1]) == nil)
    }

    @Test func hashedNamesMatchOnlyTheirHostAndPort() throws {
        let file = KnownHostsFile.parse(Self.hashedLine + "\n", path: "kh")
        let entry = try #require(file.entries.first)
        #expect(entry.matches(hostName: "[web1.example]:2222"))
        #expect(entry.matches(hostName: "[WEB1.example]:2222"))
        #expect(!entry.matches(hostName: "web1.example"))
        #expect(!entry.matches(hostName: "[web1.example]:22"))
        #expect(file.hostKeyPreference(for: "[web1.example]:2222") == ["ssh-ed25519"])
    }

    @Test func plainPatternsFollowOpenSSHRules() {
        let text = """
            web1,10.0.0.5 ssh-ed25519 \(Self.key)
            [bastion]:2222 ssh-ed25519 \(Self.key)
            *.lan,!secret.lan ssh-ed25519 \(Self.key)
            """
        let file = KnownHostsFile.parse(text, path: "kh")
        #expect(file.keys(for: "web1").map(\.line) == [1])
        #expect(file.keys(for: "10.0.0.5").map(\.line) == [1])
        #expect(file.keys(for: "[bastion]:2222").map(\.line) == [2])
        #expect(file.keys(for: "bastion").isEmpty)
        #expect(file.keys(for: "db.lan").map(\.line) == [3])
        #expect(file.keys(for: "secret.lan").isEmpty)
    }

    @Test func badLinesAreSkippedOneByOneWithReasons() {
        let text = """
            # comment

            lonely-host
            h1 ssh-ed25519 not_base64!!
            h2 ecdsa-sha2-nistp256 \(Self.key)
            h3 sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tAAAAAQE=
            |1|short|hash ssh-ed25519 \(Self.key)
            @bogus h4 ssh-ed25519 \(Self.key)
            h5 ssh-ed25519 \(Self.key) comment words
            """
        let file = KnownHostsFile.parse(text, path: "kh")
        #expect(file.entries.map(\.line) == [9])
        #expect(file.skipped.map(\.line) == [3, 4, 5, 6, 7, 8])
        #expect(file.skipped[0].reason.contains("expected"))
        #expect(file.skipped[1].reason == "key is not valid base64")
        #expect(file.skipped[2].reason == "key data does not hold a ecdsa-sha2-nistp256 key")
        #expect(file.skipped[3].reason.contains("not supported by libssh2 1.10"))
        #expect(file.skipped[4].reason.contains("hashed"))
        #expect(file.skipped[5].reason == "unknown marker @bogus")
    }

    @Test func markersAreKeptApartFromKeys() {
        let text = """
            @cert-authority *.lan ssh-ed25519 \(Self.key)
            @revoked * ssh-ed25519 \(Self.key)
            """
        let file = KnownHostsFile.parse(text, path: "kh")
        #expect(file.keys(for: "a.lan").isEmpty)
        #expect(file.certificateAuthorities(for: "a.lan").map(\.line) == [1])
        #expect(file.revokedKeys(for: "anything").map(\.line) == [2])
        #expect(file.hostKeyPreference(for: "a.lan").isEmpty)
    }

    @Test func preferenceListsKnownTypesBestFirst() {
        let ecdsa = "AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAAABBA=="
        let text = "h ecdsa-sha2-nistp256 \(ecdsa)\nh ssh-ed25519 \(Self.key)\n"
        let file = KnownHostsFile.parse(text, path: "kh")
        #expect(file.hostKeyPreference(for: "h") == ["ssh-ed25519", "ecdsa-sha2-nistp256"])
    }

    @Test func knownHostsNamesCarryNonStandardPorts() {
        #expect(HostPattern.knownHostsName(address: "Web1", port: 22) == "web1")
        #expect(HostPattern.knownHostsName(address: "10.0.0.5", port: 2222) == "[10.0.0.5]:2222")
    }
}
