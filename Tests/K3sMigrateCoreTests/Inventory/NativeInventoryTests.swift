import Foundation
import Testing
@testable import K3sMigrateCore

@Suite("Native inventory format")
struct NativeInventoryTests {
    static let full = """
    cluster: prod-eu
    ssh:
      user: root
      port: 22
      identity_file: ~/.ssh/id_ed25519
      known_hosts: ~/.ssh/known_hosts
      host_key_policy: accept-new
      jump: bastion.example.com
      become: sudo
      ssh_config: ~/.ssh/config
      connect_timeout: 7.5
    vars:
      cni_ipam: host-local
      mtu: 1450
    servers:
      - name: s1
        address: 10.0.0.11
        ssh: { user: admin, port: 2222, host_key_policy: strict }
        labels: { zone: a }
        external_ip: { interface: eth1 }
        vars: { role_hint: first }
      - name: s2
        address: 10.0.0.12
        external_ip: { command: "curl -fsS https://ifconfig.me" }
    agents:
      - name: a1
        address: a1.example.com
        external_ip: { address: 203.0.113.7 }
        labels: { zone: b, pool: gpu }
      - name: a2
        address: 10.0.1.2
        external_ip: 198.51.100.2
    """

    @Test func readsEveryKey() throws {
        let parsed = try InventoryParser.parseWithWarnings(Self.full, file: "inv.yaml")
        #expect(parsed.warnings.isEmpty)
        let inventory = parsed.inventory
        #expect(inventory.cluster == "prod-eu")
        #expect(inventory.file == "inv.yaml")
        #expect(inventory.vars == ["cni_ipam": "host-local", "mtu": "1450"])
        #expect(inventory.ssh == SSHOptions(user: "root", port: 22, identityFile: "~/.ssh/id_ed25519",
                                            knownHosts: "~/.ssh/known_hosts", hostKeyPolicy: .acceptNew,
                                            jump: "bastion.example.com", become: .sudo, sshConfig: "~/.ssh/config",
                                            connectTimeout: 7.5))
        #expect(inventory.servers.map(\.name) == ["s1", "s2"])
        #expect(inventory.agents.map(\.name) == ["a1", "a2"])

        let s1 = try #require(inventory.host(named: "s1"))
        #expect(s1.role == .server)
        #expect(s1.address == "10.0.0.11")
        #expect(s1.ssh.user == "admin")
        #expect(s1.ssh.port == 2222)
        #expect(s1.ssh.hostKeyPolicy == .strict)
        #expect(s1.ssh.identityFile == "~/.ssh/id_ed25519", "defaults fill what the host leaves out")
        #expect(s1.ssh.become == .sudo)
        #expect(s1.labels == ["zone": "a"])
        #expect(s1.externalIP == .interface("eth1"))
        #expect(s1.vars == ["role_hint": "first"])
        #expect(s1.location == SourceLocation(file: "inv.yaml", line: 16, column: 5))

        let s2 = try #require(inventory.host(named: "s2"))
        #expect(s2.externalIP == .command("curl -fsS https://ifconfig.me"))
        #expect(s2.ssh == inventory.ssh)

        let a1 = try #require(inventory.host(named: "a1"))
        #expect(a1.role == .agent)
        #expect(a1.externalIP == .address("203.0.113.7"))
        #expect(a1.labels == ["zone": "b", "pool": "gpu"])
        #expect(inventory.host(named: "a2")?.externalIP == .address("198.51.100.2"))
        #expect(inventory.hosts(matching: "pool=gpu").map(\.name) == ["a1"])
    }

    @Test func emptyAgentsAndMissingOptionalKeysAreFine() throws {
        let inventory = try InventoryParser.parse("""
        cluster: lab
        servers:
          - { name: s1, address: 10.0.0.1 }
        agents:
        """, file: "lab.yaml")
        #expect(inventory.agents.isEmpty)
        #expect(inventory.servers.first?.ssh == SSHOptions())
        #expect(inventory.servers.first?.labels == [:])
        #expect(inventory.servers.first?.externalIP == nil)
    }

    @Test func mergeKeysShareSettings() throws {
        let inventory = try InventoryParser.parse("""
        cluster: lab
        servers:
          - &base { name: s1, address: 10.0.0.1, labels: { zone: a } }
          - <<: *base
            name: s2
            address: 10.0.0.2
        """, file: "lab.yaml")
        #expect(inventory.servers.map(\.name) == ["s1", "s2"])
        #expect(inventory.host(named: "s2")?.labels == ["zone": "a"])
        #expect(inventory.host(named: "s2")?.address == "10.0.0.2")
    }

    @Test func crlfLineEndingsAreRead() throws {
        let text = "cluster: lab\r\nservers:\r\n  - name: s1\r\n    address: 10.0.0.1\r\n"
        let inventory = try InventoryParser.parse(text, file: "lab.yaml")
        #expect(inventory.servers.first?.address == "10.0.0.1")
    }

    @Test func theExampleInventoryParses() throws {
        let url = InventoryTestSupport.repositoryRoot.appendingPathComponent("inventory.example.yaml")
        let parsed = try InventoryParser.parseWithWarnings(String(contentsOf: url, encoding: .utf8), file: "inventory.example.yaml")
        #expect(parsed.warnings.isEmpty)
        #expect(parsed.inventory.servers.count == 3)
        #expect(parsed.inventory.agents.count == 5)
        #expect(parsed.inventory.host(named: "s1")?.ssh.become == .sudo)
        #expect(parsed.inventory.host(named: "s1")?.ssh.jump == "bastion.example.com")
        #expect(parsed.inventory.host(named: "edge1")?.ssh.jump == "ops@gw.edge.example.com:2022")
        #expect(parsed.inventory.host(named: "gpu1")?.vars == ["driver": "nvidia"])
        #expect(parsed.inventory.hosts(matching: "zone=a").map(\.name) == ["s1", "a1", "gpu1"])
    }
}
