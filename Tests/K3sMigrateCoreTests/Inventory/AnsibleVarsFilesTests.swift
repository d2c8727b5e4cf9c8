import Foundation
import Testing
@testable import K3sMigrateCore

@Suite("k3s-ansible group_vars/ and host_vars/")
struct AnsibleVarsFilesTests {
    typealias Support = InventoryTestSupport

    static let inventory = """
    k3s_cluster:
      children:
        server:
          hosts:
            s1: { ansible_host: 10.0.0.11 }
            s2:
              ansible_host: 10.0.0.12
              ansible_user: inline-host
        agent:
          hosts:
            a1: { ansible_host: 10.0.1.21 }
      vars:
        ansible_user: inline-group
        ansible_port: 2200
    """

    static func parse(_ files: [AnsibleVarsFile]) throws -> ParsedInventory {
        try InventoryParser.parseWithWarnings(inventory, file: "inv/hosts.yml", varsFiles: files)
    }

    @Test("connection settings, k3s_version and the cluster name, with Ansible's precedence")
    func precedence() throws {
        let parsed = try Self.parse([
            AnsibleVarsFile(scope: .group("all"), file: "inv/group_vars/all.yml",
                            text: "ansible_user: from-all\nansible_become: true\nk3smigrate_cluster: homelab\n"),
            AnsibleVarsFile(scope: .group("k3s_cluster"), file: "inv/group_vars/k3s_cluster.yml",
                            text: "k3s_version: v1.31.4+k3s1\nansible_ssh_private_key_file: ~/.ssh/k3s\n"),
            AnsibleVarsFile(scope: .group("agent"), file: "inv/group_vars/agent.yml", text: "ansible_user: agent-user\nansible_port: 22\n"),
            AnsibleVarsFile(scope: .host("s1"), file: "inv/host_vars/s1.yml", text: "ansible_host: 192.0.2.1\nansible_port: 2222\n"),
        ])
        let inventory = parsed.inventory
        #expect(inventory.cluster == "homelab")
        #expect(inventory.vars["k3s_version"] == "v1.31.4+k3s1")
        let s1 = try #require(inventory.host(named: "s1"))
        #expect(s1.address == "192.0.2.1", "host_vars beat the inventory's ansible_host")
        #expect(s1.ssh.port == 2222)
        #expect(s1.ssh.user == "from-all", "group_vars/all beats the inventory's group vars")
        #expect(s1.ssh.become == .sudo && s1.ssh.identityFile == "~/.ssh/k3s")
        let s2 = try #require(inventory.host(named: "s2"))
        #expect(s2.ssh.user == "inline-host", "the inventory's host vars beat group_vars")
        #expect(s2.ssh.port == 2200)
        let a1 = try #require(inventory.host(named: "a1"))
        #expect(a1.ssh.user == "agent-user" && a1.ssh.port == 22, "group_vars/agent beats all and k3s_cluster")
        #expect(!parsed.warnings.contains { $0.rule == "inventory-cluster-name" })
    }

    @Test("keys k3smigrate does not read are named in one warning per file, at that file; secrets only by name")
    func unreadKeysWarned() throws {
        let text = try Support.realworld("03-iruyo-group-vars-k3s_cluster.yml")
        let file = "inv/group_vars/k3s_cluster.yml"
        let parsed = try Self.parse([AnsibleVarsFile(scope: .group("k3s_cluster"), file: file, text: text)])
        let warning = try #require(parsed.warnings.first { $0.rule == "inventory-vars-not-read" })
        #expect(warning.location?.file == file)
        #expect(warning.message.contains("api_endpoint") && warning.message.contains("extra_server_args") && warning.message.contains("token"))
        #expect(!warning.message.components(separatedBy: " (it reads")[0].contains("k3s_version"))
        #expect(!parsed.warnings.map(\.description).joined().contains("REDACTED-SECRET"))
        #expect(parsed.inventory.vars["k3s_version"] == "v1.31.4+k3s1")
        #expect(parsed.inventory.vars["token"] == nil)
    }

    @Test("a bad value in a vars file is an error naming that file and line")
    func errorsNameTheVarsFile() throws {
        let diagnostics = Support.errors(Self.inventory, varsFiles: [
            AnsibleVarsFile(scope: .host("a1"), file: "inv/host_vars/a1.yml", text: "# a1\nansible_port: nope\n"),
        ])
        let error = try #require(diagnostics.first { $0.severity == .error })
        #expect(error.location?.file == "inv/host_vars/a1.yml")
        #expect(error.location?.line == 2)
        #expect(error.host == "a1")
    }
}
