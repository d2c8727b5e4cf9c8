import Foundation
import Testing
@testable import K3sMigrateCore

@Suite("k3s-ansible inventories")
struct AnsibleInventoryTests {
    typealias Support = InventoryTestSupport
    static let secret = "REDACTED-SECRET"

    /// Every text a caller could show: messages, the inventory as JSON.
    static func everythingShown(_ parsed: ParsedInventory) throws -> String {
        let json = String(decoding: try JSONEncoder().encode(parsed.inventory), as: UTF8.self)
        return json + parsed.warnings.map(\.description).joined(separator: "\n")
    }

    @Test func realworld01ExtraGroupMergesHostVars() throws {
        let file = "01-42network-inventory.yml"
        let parsed = try InventoryParser.parseWithWarnings(try Support.realworld(file), file: file)
        let inventory = parsed.inventory
        #expect(inventory.servers.map(\.name) == ["marconi1", "marconi2", "marconi3"])
        #expect(inventory.agents.map(\.name) == ["marconi4", "marconi5", "marconi6", "marconi7", "marconi8"])
        #expect(inventory.host(named: "marconi1")?.address == "10.203.248.231")
        #expect(inventory.host(named: "marconi8")?.address == "10.203.248.238")
        #expect(inventory.host(named: "marconi1")?.vars == ["sm_priority": "10"])
        #expect(inventory.host(named: "marconi2")?.vars == ["sm_priority": "5"])
        #expect(inventory.host(named: "marconi3")?.vars == [:])
        #expect(inventory.hosts.allSatisfy { $0.ssh.user == "openlab" && $0.ssh.port == 22 })
        #expect(inventory.ssh.user == "openlab")
        #expect(inventory.vars == ["k3s_version": "v1.31.12+k3s1"])
        #expect(inventory.cluster == "01-42network-inventory")
        #expect(inventory.host(named: "marconi1")?.location == SourceLocation(file: file, line: 9, column: 9))

        let template = try #require(parsed.warnings.first { $0.rule == "inventory-template-ignored" })
        #expect(template.message.contains("'api_endpoint'"))
        #expect(template.location?.line == 55)
        #expect(template.host == nil, "a group var is reported once, not per host")
        #expect(!template.message.contains("hostvars"), "the template itself is not echoed")
        #expect(parsed.warnings.contains { $0.rule == "inventory-cluster-name" && $0.message.contains("k3smigrate_cluster") })
        #expect(parsed.warnings.count == 2, "\(parsed.warnings.map(\.description))")
        #expect(!(try Self.everythingShown(parsed)).contains(Self.secret))
    }

    @Test func realworld02IPHostsAndEmptyAgentGroup() throws {
        let file = "02-oxide-inventory-empty-agent-no-eol.yml"
        let parsed = try InventoryParser.parseWithWarnings(try Support.realworld(file), file: file)
        let inventory = parsed.inventory
        #expect(inventory.servers.map(\.name) == ["172.21.252.101", "172.21.252.105", "172.21.252.104"])
        #expect(inventory.servers.map(\.address) == inventory.servers.map(\.name))
        #expect(inventory.agents.isEmpty)
        #expect(inventory.servers.allSatisfy { $0.ssh.user == "ubuntu" && $0.ssh.port == 22 })
        #expect(inventory.vars == ["k3s_version": "v1.30.2+k3s1"])
        #expect(!(try Self.everythingShown(parsed)).contains(Self.secret))
    }

    @Test(arguments: ["03-iruyo-group-vars-k3s_cluster.yml", "04-dmhosted-group-vars-vault-tag.yml"])
    func groupVarsFilesAreRecognised(file: String) throws {
        let diagnostics = Support.errors(try Support.realworld(file), file: file)
        #expect(diagnostics.count == 1)
        let error = try #require(Support.error(containing: "this is an Ansible group_vars file, not an inventory", in: diagnostics))
        #expect(error.rule == "inventory-group-vars")
        #expect(error.location?.file == file)
        #expect(error.message.contains("k3s_version"))
        #expect(error.message.contains("lists no hosts"))
        #expect(!error.description.contains(Self.secret))
        #expect(!error.description.contains("ANSIBLE_VAULT"))
    }

    @Test func realworld03HasCRLFLineEndings() throws {
        #expect(try Support.realworld("03-iruyo-group-vars-k3s_cluster.yml").utf8.contains(13))
    }

    @Test func groupsDefinedOutsideK3sClusterAndVarPrecedence() throws {
        let parsed = try InventoryParser.parseWithWarnings("""
        all:
          vars:
            ansible_user: nobody
            ansible_port: 2200
          children:
            server:
              hosts:
                cp[1:3].example.com:
              vars:
                ansible_user: admin
            agent:
              hosts:
                worker[08:10]:
                  ansible_become: true
                  ansible_ssh_common_args: "-o ProxyJump=ops@bastion:2222 -o StrictHostKeyChecking=no"
            k3s_cluster:
              children:
                server:
                agent:
              vars:
                ansible_port: 22
                k3smigrate_cluster: homelab
                k3s_token: "top-secret-token"
                cluster_cidr: 10.42.0.0/16
        """, file: "hosts.yml")
        let inventory = parsed.inventory
        #expect(parsed.warnings.isEmpty, "\(parsed.warnings.map(\.description))")
        #expect(inventory.cluster == "homelab")
        #expect(inventory.servers.map(\.name) == ["cp1.example.com", "cp2.example.com", "cp3.example.com"])
        #expect(inventory.agents.map(\.name) == ["worker08", "worker09", "worker10"])
        #expect(inventory.host(named: "cp2.example.com")?.ssh.user == "admin", "the server group's vars beat all's")
        #expect(inventory.host(named: "cp2.example.com")?.ssh.port == 22, "k3s_cluster's vars beat all's")
        #expect(inventory.host(named: "worker09")?.ssh.user == "nobody")
        #expect(inventory.host(named: "worker09")?.ssh.become == .sudo)
        #expect(inventory.host(named: "worker09")?.ssh.jump == "ops@bastion:2222")
        #expect(inventory.host(named: "cp1.example.com")?.ssh.become == nil)
        #expect(inventory.vars == ["cluster_cidr": "10.42.0.0/16", "k3smigrate_cluster": "homelab"])
        #expect(!(try Self.everythingShown(parsed)).contains("top-secret-token"))
    }

    @Test func technoTimGroupNamesAndTopLevelCluster() throws {
        let inventory = try InventoryParser.parse("""
        k3s_cluster:
          children:
            master:
              hosts:
                192.168.30.38:
            node:
              hosts:
                192.168.30.41:
                  ansible_host: 10.9.9.41
        """, file: "hosts.yaml")
        #expect(inventory.servers.map(\.name) == ["192.168.30.38"])
        #expect(inventory.agents.map(\.address) == ["10.9.9.41"])
    }

    @Test func templatedConnectionSettingsAreErrors() throws {
        let diagnostics = Support.errors("""
        k3s_cluster:
          children:
            server:
              hosts:
                s1:
                  ansible_host: "{{ lookup('env', 'S1') }}"
                  ansible_port: "{{ port }}"
        """)
        #expect(diagnostics.filter { $0.severity == .error }.count == 2, "\(diagnostics.map(\.description))")
        let address = try #require(Support.error(containing: "ansible_host is an Ansible template", in: diagnostics))
        #expect(address.host == "s1")
        #expect(address.location?.line == 6)
        #expect(!address.description.contains("lookup"))
        #expect(Support.error(containing: "ansible_port is an Ansible template", in: diagnostics)?.location?.line == 7)
    }

    @Test func hostInServerAndAgentGroups() throws {
        let diagnostics = Support.errors("""
        k3s_cluster:
          children:
            server:
              hosts:
                n1:
            agent:
              hosts:
                n1:
        """)
        let error = try #require(Support.error(containing: "is both a server (line 5) and an agent (line 8)", in: diagnostics))
        #expect(error.host == "n1")
    }

    @Test func missingServerGroupListsTheChildren() throws {
        let diagnostics = Support.errors("""
        all:
          children:
            k3s_cluster:
              children:
                controllers:
                  hosts: { c1: }
                workers:
                  hosts: { w1: }
        """)
        let error = try #require(Support.error(containing: "has no 'server' group", in: diagnostics))
        #expect(error.message.contains("found: controllers, workers"))
        #expect(error.location?.line == 4)
    }

    @Test func hostsWithoutARoleAreWarnedAbout() throws {
        let parsed = try InventoryParser.parseWithWarnings("""
        k3s_cluster:
          hosts:
            loose1:
          children:
            server:
              hosts: { s1: }
          vars:
            k3smigrate_cluster: c
        """, file: "inv.yml")
        #expect(parsed.inventory.hosts.map(\.name) == ["s1"])
        let warning = try #require(parsed.warnings.first)
        #expect(parsed.warnings.count == 1)
        #expect(warning.message.contains("ignored: loose1"))
    }

    @Test func ansibleManagedK3sConfigIsAWarning() throws {
        let parsed = try InventoryParser.parseWithWarnings("""
        k3s_cluster:
          children:
            server:
              hosts: { s1: }
          vars:
            k3smigrate_cluster: c
            extra_server_args: "--flannel-backend=wireguard"
        """, file: "inv.yml")
        let warning = try #require(parsed.warnings.first { $0.rule == "inventory-ansible-managed" })
        #expect(warning.message.contains("extra_server_args"))
        #expect(warning.location?.line == 7)
        #expect(parsed.inventory.vars["extra_server_args"] == "--flannel-backend=wireguard")
    }

    @Test func vaultTaggedValuesAreDroppedInAnInventory() throws {
        let parsed = try InventoryParser.parseWithWarnings("""
        k3s_cluster:
          children:
            server:
              hosts: { s1: { db_blob: !vault "$ANSIBLE_VAULT;1.1;AES256 6162" } }
          vars:
            k3smigrate_cluster: c
        """, file: "inv.yml")
        #expect(parsed.inventory.host(named: "s1")?.vars == [:])
        #expect(!(try Self.everythingShown(parsed)).contains("ANSIBLE_VAULT"))
    }

    @Test func hostPatterns() {
        #expect(AnsibleHostPattern.expand("web[01:03].lan") == ["web01.lan", "web02.lan", "web03.lan"])
        #expect(AnsibleHostPattern.expand("db-[a:c]") == ["db-a", "db-b", "db-c"])
        #expect(AnsibleHostPattern.expand("n[0:10:5]") == ["n0", "n5", "n10"])
        #expect(AnsibleHostPattern.expand("r[1:2]c[1:2]") == ["r1c1", "r1c2", "r2c1", "r2c2"])
        #expect(AnsibleHostPattern.expand("plain") == ["plain"])
        #expect(AnsibleHostPattern.expand("bad[3:1]") == nil)
    }

    @Test func proxyJumpFromSSHArguments() {
        #expect(AnsibleVars.proxyJump(in: "-J jump.example.com") == "jump.example.com")
        #expect(AnsibleVars.proxyJump(in: "-o 'ProxyJump=u@j:22'") == "u@j:22")
        #expect(AnsibleVars.proxyJump(in: "-oProxyJump=j") == "j")
        #expect(AnsibleVars.proxyJump(in: "-o StrictHostKeyChecking=no") == nil)
    }
}
