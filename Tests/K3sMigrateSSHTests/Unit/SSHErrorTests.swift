@testable import K3sMigrateSSH
import Testing

@Suite("SSH error messages")
struct SSHErrorTests {
    let endpoint = SSHEndpoint(host: "web1", address: "10.0.0.5", port: 22)

    @Test func timeoutsReadAsOneHumanLine() {
        let error = SSHError.connectTimedOut(endpoint, phase: "TCP connect", seconds: 5)
        #expect(error.description == "host web1 (10.0.0.5:22): connect timed out after 5.0 s (TCP connect)")
        #expect(error.host == "web1")
        #expect(!error.isRetryable)
    }

    @Test func ipv6AddressesAreBracketed() {
        let v6 = SSHEndpoint(host: "web6", address: "2001:db8::5", port: 2222)
        #expect(v6.description == "host web6 ([2001:db8::5]:2222)")
    }

    @Test func libssh2CodesAreCarriedAndBannerFailuresRetry() {
        let failure = LibSSH2Failure(code: -2, message: "Failed getting banner")
        let error = SSHError.handshakeFailed(endpoint, failure, banner: true)
        #expect(error.libssh2 == failure)
        #expect(error.isRetryable)
        #expect(error.description.contains("Failed getting banner (libssh2 error -2)"))
        let wrapped = SSHError.jumpFailed(SSHEndpoint(host: "db1", address: "10.1.0.9", port: 22), jump: "bastion", underlying: error)
        #expect(wrapped.isRetryable)
        #expect(wrapped.libssh2 == failure)
        #expect(wrapped.host == "db1")
        #expect(wrapped.description.hasPrefix("host db1 (10.1.0.9:22) via jump host bastion: host web1 (10.0.0.5:22): SSH handshake failed"))
    }

    @Test func hostKeyMessagesCarryFingerprintsAndTheFix() {
        let report = HostKeyReport(knownHostsName: "[10.0.0.5]:2222", knownHostsPath: "/root/.ssh/known_hosts",
                                   offeredKeyType: "ssh-ed25519", offeredFingerprint: "SHA256:new",
                                   lineToAdd: "[10.0.0.5]:2222 ssh-ed25519 AAAA", expected: ["ssh-ed25519 SHA256:old (/root/.ssh/known_hosts:7)"])
        let changed = SSHError.hostKeyChanged(endpoint, report).description
        #expect(changed.contains("SHA256:new"))
        #expect(changed.contains("SHA256:old (/root/.ssh/known_hosts:7)"))
        #expect(changed.contains("ssh-keygen -R '[10.0.0.5]:2222' -f /root/.ssh/known_hosts"))
        #expect(changed.contains("then add: [10.0.0.5]:2222 ssh-ed25519 AAAA"))
        let unknown = SSHError.hostKeyUnknown(endpoint, report).description
        #expect(unknown.contains("add this line to /root/.ssh/known_hosts: [10.0.0.5]:2222 ssh-ed25519 AAAA"))
        #expect(unknown.contains("accept-new"))
    }

    @Test func configErrorsNameFileAndLine() {
        #expect(SSHError.configInvalid(file: "cfg", line: 3, message: "bad").description == "cfg:3: bad")
        #expect(SSHError.configInvalid(file: "cfg", line: 0, message: "bad").description == "cfg: bad")
    }
}
