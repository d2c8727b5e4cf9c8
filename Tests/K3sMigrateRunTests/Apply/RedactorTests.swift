import Testing
@testable import K3sMigrateCore
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

    @Test("the literal pre-checks only skip work: every text comes out as the full pass makes it", arguments: [
        "vpn-auth: \"name=tailscale,JOINKEY=tskey-abc123,controlServerURL=https://h\"",
        "K3s_Token=K10deadbeef::server:cafe\nexport K3S_AGENT_TOKEN='s3cr3t value'",
        "token: K10yamlsecret\n- t: short\n+  \"t\" : quoted\n t:x",
        "{\"token\":\"jsonsecret\"} {\"title\": \"t\"}",
        "ExecStart=/usr/local/bin/k3s server --TOKEN=flagsecret -t 'alias' \"-t\"=x\n'-t' \\\n+'unit'",
        "\t'--agent-token' \\\n\t'unitsecret' \\\n-\t'old' \\\n+\t'new'",
        "datastore-endpoint: postgres://user:pa55@db:5432/k3s\nserver: https://10.0.0.1:6443",
        "token: |\n  line one\n  line two\nnext: value",
        "iptables -t nat -A POSTROUTING\nk3s-t\rt: carriage\u{0B}t:vt",
        "K3ſ_TOKEN=longs t: ſecret --tokén=x",
        "flannel-backend: wireguard-native\n",
    ])
    func literalChecksChangeNothing(text: String) {
        for mask in [Redactor.mask, SecretMasking.fileMask] {
            #expect(Redactor.redact(text, mask: mask, literalChecks: true) == Redactor.redact(text, mask: mask, literalChecks: false))
        }
    }

    @Test("a plan full of secrets, in every rendering, comes out the same with and without the pre-checks")
    func literalChecksOnAPlan() throws {
        let plan = try SecretFleet.fleet().plan()
        for text in [PlanJSONRenderer.render(plan), PlanTextRenderer.render(plan, palette: Palette(enabled: false)), PlanDOTRenderer.render(plan)] {
            for mask in [Redactor.mask, SecretMasking.fileMask] {
                #expect(Redactor.redact(text, mask: mask, literalChecks: true) == Redactor.redact(text, mask: mask, literalChecks: false))
            }
        }
    }
}
