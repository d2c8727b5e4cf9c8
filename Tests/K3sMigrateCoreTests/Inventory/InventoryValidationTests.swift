import Testing
@testable import K3sMigrateCore

@Suite("Inventory validation")
struct InventoryValidationTests {
    typealias Support = InventoryTestSupport

    @Test func reportsEveryProblemAtOnce() throws {
        let diagnostics = Support.errors("""
        cluster: prod
        servers:
          - name: s1
            adress: 10.0.0.1
          - name: s2
            address: 10.0.0.2
            ssh: { port: 70000 }
        agents:
          - address: 10.0.1.1
        """, file: "fleet.yaml")
        #expect(diagnostics.count == 4, "\(diagnostics.map(\.description))")
        #expect(diagnostics.allSatisfy { $0.location?.file == "fleet.yaml" })

        let unknown = try #require(Support.error(containing: "unknown key 'adress'", in: diagnostics))
        #expect(unknown.message.contains("did you mean 'address'?"))
        #expect(unknown.host == "s1")
        #expect(unknown.location?.line == 4)

        let missing = try #require(Support.error(containing: "missing 'address'", in: diagnostics))
        #expect(missing.host == "s1")
        #expect(missing.location?.line == 3)

        let port = try #require(Support.error(containing: "ssh port must be a number from 1 to 65535, not '70000'", in: diagnostics))
        #expect(port.host == "s2")
        #expect(port.location?.line == 7)

        let nameless = try #require(Support.error(containing: "has no 'name'", in: diagnostics))
        #expect(nameless.location?.line == 9)
        #expect(nameless.description.hasPrefix("error: fleet.yaml:9:"))
    }

    @Test func missingClusterAndServers() throws {
        let diagnostics = Support.errors("ssh: { user: root }\n")
        let cluster = try #require(Support.error(containing: "missing required key 'cluster'", in: diagnostics))
        #expect(cluster.location?.line == 1)
        #expect(Support.error(containing: "missing required key 'servers'", in: diagnostics) != nil)
    }

    @Test func emptyServerList() throws {
        let diagnostics = Support.errors("cluster: c\nservers: []\n")
        let error = try #require(Support.error(containing: "at least one server is required", in: diagnostics))
        #expect(error.location?.line == 2)
    }

    @Test func duplicateNamesNameBothLines() throws {
        let diagnostics = Support.errors("""
        cluster: c
        servers:
          - { name: s1, address: 10.0.0.1 }
          - { name: s2, address: 10.0.0.2 }
          - { name: s1, address: 10.0.0.3 }
        """)
        let error = try #require(Support.error(containing: "host name 's1' is used twice (lines 3 and 5)", in: diagnostics))
        #expect(error.host == "s1")
        #expect(error.location?.line == 5)
        #expect(error.rule == "inventory-duplicate-host")
    }

    @Test func hostInBothServersAndAgents() throws {
        let diagnostics = Support.errors("""
        cluster: c
        servers:
          - { name: n1, address: 10.0.0.1 }
        agents:
          - { name: n1, address: 10.0.0.1 }
        """)
        let error = try #require(Support.error(containing: "is both a server (line 3) and an agent (line 5)", in: diagnostics))
        #expect(error.host == "n1")
        #expect(error.rule == "inventory-host-role-conflict")
    }

    @Test(arguments: [
        ("a/b", "contains '/'"),
        ("..", "is '..'"),
        (".", "is '.'"),
        ("\"\"", "has no value"),
        ("\"web,db\"", "contains ','"),
        ("\"k=v\"", "contains '='"),
    ])
    func unusableHostNames(name: String, fragment: String) throws {
        let diagnostics = Support.errors("cluster: c\nservers:\n  - name: \(name)\n    address: 10.0.0.1\n")
        let error = try #require(Support.error(containing: fragment, in: diagnostics))
        #expect(error.location?.line == 3)
    }

    @Test func unknownKeysSuggestTheClosestKnownOne() throws {
        let diagnostics = Support.errors("""
        cluster: c
        servrs:
          - { name: s1, address: 10.0.0.1 }
        ssh:
          prot: 22
          identityfile: ~/.ssh/k
        """)
        #expect(Support.error(containing: "unknown key 'servrs' in the inventory (did you mean 'servers'?)", in: diagnostics)?.location?.line == 2)
        #expect(Support.error(containing: "unknown key 'prot' in ssh (did you mean 'port'?)", in: diagnostics)?.location?.line == 5)
        #expect(Support.error(containing: "unknown key 'identityfile' in ssh (did you mean 'identity_file'?)", in: diagnostics)?.location?.line == 6)
    }

    @Test func unknownKeyWithNothingCloseListsTheKnownKeys() throws {
        let diagnostics = Support.errors("cluster: c\nservers:\n  - { name: s1, address: 10.0.0.1, zzzzzz: 1 }\n")
        let error = try #require(Support.error(containing: "unknown key 'zzzzzz' in host 's1'", in: diagnostics))
        #expect(error.message.contains("known keys: name, address, ssh, labels, external_ip, vars"))
    }

    @Test func badSSHValues() throws {
        let diagnostics = Support.errors("""
        cluster: c
        ssh:
          host_key_policy: trust-me
          become: su
          port: ssh
          connect_timeout: -1
          jump: "bastion host"
        servers:
          - { name: s1, address: 10.0.0.1 }
        """)
        #expect(Support.error(containing: "host_key_policy must be 'strict' or 'accept-new', not 'trust-me'", in: diagnostics)?.location?.line == 3)
        #expect(Support.error(containing: "become must be 'sudo'", in: diagnostics)?.location?.line == 4)
        #expect(Support.error(containing: "port must be a number from 1 to 65535, not 'ssh'", in: diagnostics)?.location?.line == 5)
        #expect(Support.error(containing: "connect_timeout must be a positive number", in: diagnostics)?.location?.line == 6)
        #expect(Support.error(containing: "jump must be one [user@]host[:port]", in: diagnostics)?.location?.line == 7)
    }

    @Test func wrongTypes() throws {
        let diagnostics = Support.errors("""
        cluster: [a, b]
        ssh: yes
        servers:
          s1: { address: 10.0.0.1 }
        agents:
          - name: a1
            address: 10.0.1.1
            labels: [gpu]
            vars: { list: [1, 2] }
          - just-a-name
        """)
        #expect(Support.error(containing: "cluster must be a single value, not a list", in: diagnostics)?.location?.line == 1)
        #expect(Support.error(containing: "ssh must be a mapping (key: value), not a single value", in: diagnostics)?.location?.line == 2)
        #expect(Support.error(containing: "servers must be a list, not a mapping", in: diagnostics)?.location?.line == 4)
        #expect(Support.error(containing: "labels must be a mapping (key: value), not a list", in: diagnostics)?.host == "a1")
        #expect(Support.error(containing: "vars 'list' must be a single value, not a list", in: diagnostics)?.location?.line == 9)
        #expect(Support.error(containing: "an agent entry must be a mapping", in: diagnostics)?.location?.line == 10)
    }

    @Test func externalIPNeedsExactlyOneSource() throws {
        let diagnostics = Support.errors("""
        cluster: c
        servers:
          - name: s1
            address: 10.0.0.1
            external_ip: { interface: eth1, address: 1.2.3.4 }
          - name: s2
            address: 10.0.0.2
            external_ip: { interfce: eth1 }
        """)
        #expect(Support.error(containing: "external_ip takes exactly one of interface, command or address", in: diagnostics.filter { $0.host == "s1" })?.location?.line == 5)
        #expect(Support.error(containing: "unknown key 'interfce' in external_ip (did you mean 'interface'?)", in: diagnostics)?.host == "s2")
    }

    @Test func badLabelName() throws {
        let diagnostics = Support.errors("cluster: c\nservers:\n  - name: s1\n    address: 10.0.0.1\n    labels: { \"a=b\": x }\n")
        #expect(Support.error(containing: "label name 'a=b'", in: diagnostics)?.location?.line == 5)
    }

    @Test func sameAddressTwiceIsAWarning() throws {
        let parsed = try InventoryParser.parseWithWarnings("""
        cluster: c
        servers:
          - { name: s1, address: 10.0.0.1 }
          - { name: s2, address: 10.0.0.1 }
          - { name: s3, address: 10.0.0.1, ssh: { port: 2222 } }
        """, file: "inv.yaml")
        #expect(parsed.warnings.map(\.message) == ["host 's2' has the same address and port as 's1' (line 3)"])
        #expect(parsed.warnings.first?.severity == .warning)
    }

    @Test func yamlSyntaxErrorHasLineAndNoText() throws {
        let diagnostics = Support.errors("cluster: c\nservers:\n  - name: s1\n   token: \"s3cr3t-value\n")
        #expect(diagnostics.count == 1)
        let error = try #require(diagnostics.first)
        #expect(error.rule == "inventory-yaml")
        #expect(error.location?.file == "inv.yaml")
        #expect((error.location?.line ?? 0) >= 3)
        #expect(!error.description.contains("s3cr3t"))
    }

    @Test func duplicateYAMLKeyIsReportedWithItsLine() throws {
        let diagnostics = Support.errors("cluster: c\nservers:\n  - name: s1\n    name: s2\n    address: 10.0.0.1\n")
        let error = try #require(Support.error(containing: "key 'name' is written twice", in: diagnostics))
        #expect(error.location?.line == 3)
    }

    @Test func emptyFile() throws {
        #expect(Support.error(containing: "the inventory is empty", in: Support.errors("# nothing here\n")) != nil)
    }

    @Test func notAMapping() throws {
        let error = Support.error(containing: "the inventory must be a mapping", in: Support.errors("- a\n- b\n"))
        #expect(error?.location?.line == 1)
    }

    @Test func unrelatedYAMLSaysWhatAnInventoryIs() throws {
        let error = Support.error(containing: "not an inventory", in: Support.errors("apiVersion: v1\nkind: Pod\n"))
        #expect(error?.message.contains("k3s_cluster") == true)
    }

    @Test func iniInventoryGetsAConversionHint() throws {
        let diagnostics = Support.errors("# hosts\n[server]\n10.0.0.1\n\n[k3s_cluster:children]\nserver\n", file: "hosts.ini")
        let error = try #require(Support.error(containing: "INI-style Ansible inventory", in: diagnostics))
        #expect(error.message.contains("ansible-inventory -i hosts.ini --list -y"))
        #expect(error.location?.line == 2)
    }

    @Test func hostNameRules() {
        #expect(HostNameRules.problem(with: "node-1.example.com") == nil)
        #expect(HostNameRules.problem(with: "10.0.0.1") == nil)
        #expect(HostNameRules.problem(with: "fd00::1") == nil)
        #expect(HostNameRules.problem(with: "a\nb") == "contains a control character")
        #expect(HostNameRules.problem(with: " a") == "starts or ends with a space")
    }

    @Test func keySuggestions() {
        #expect(KeySuggestion.closest(to: "adress", among: ["name", "address"]) == "address")
        #expect(KeySuggestion.closest(to: "Labels", among: ["labels", "vars"]) == "labels")
        #expect(KeySuggestion.closest(to: "xyz", among: ["labels", "vars"]) == nil)
        #expect(KeySuggestion.closest(to: "ab", among: ["cd"]) == nil, "replacing every letter is no typo")
    }
}
