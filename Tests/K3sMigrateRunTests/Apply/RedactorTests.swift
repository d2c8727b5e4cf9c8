import Testing
@testable import K3sMigrateRun

@Suite("Redactor")
struct RedactorTests {
    @Test("hides secrets in every form k3s uses", arguments: [
        ("vpn-auth: \"name=tailscale,joinKey=tskey-abc123,controlServerURL=https://h\"", "tskey-abc123"),
        ("K3S_TOKEN=K10deadbeef::server:cafe", "K10deadbeef"),
        ("export K3S_AGENT_TOKEN='s3cr3t value'", "s3cr3t"),
        ("token: K10yamlsecret", "K10yamlsecret"),
        ("agent-token: \"quoted-secret\"", "quoted-secret"),
        ("{\"token\":\"jsonsecret\"}", "jsonsecret"),
        ("ExecStart=/usr/local/bin/k3s server --token=flagsecret", "flagsecret"),
        ("\t'--agent-token' \\\n\t'unitsecret' \\", "unitsecret"),
        ("k3s agent --token spacesecret --server https://x", "spacesecret"),
    ])
    func hides(text: String, secret: String) {
        let redacted = Redactor.redact(text)
        #expect(!redacted.contains(secret), "\(redacted)")
        #expect(redacted.contains(Redactor.mask))
    }

    @Test("leaves ordinary text alone, and keeps what is around a secret")
    func keepsTheRest() {
        #expect(Redactor.redact("flannel-backend: wireguard-native\n") == "flannel-backend: wireguard-native\n")
        #expect(Redactor.redact("token-file: /etc/k3s/token") == "token-file: /etc/k3s/token")
        #expect(Redactor.redact("name=tailscale,joinKey=abc,extraArgs=--ssh") == "name=tailscale,joinKey=[redacted],extraArgs=--ssh")
        #expect(Redactor.redact("server: https://10.0.0.1:6443\ntoken: abc\nnode-ip: 10.0.0.2")
                == "server: https://10.0.0.1:6443\ntoken: [redacted]\nnode-ip: 10.0.0.2")
    }
}
