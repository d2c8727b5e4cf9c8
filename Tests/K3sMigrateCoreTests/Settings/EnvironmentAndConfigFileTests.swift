import Testing
@testable import K3sMigrateCore

/// Which file K3s reads (pkg/configfilearg findConfigFileFlag, dotDFiles) and the K3S_*
/// variables it reads as flags (pkg/cli/cmds EnvVars), on files laid out as install.sh writes them.
@Suite("env files, Environment= and which config file K3s reads")
struct EnvironmentAndConfigFileTests {
    typealias F = SettingsFixtures
    static let marker = EnvironmentFileReader.secretMarker
    static let serverEnv = K3sPaths.systemdEnv(.server)
    static let agentEnv = K3sPaths.systemdEnv(.agent)

    /// install.sh's unit: EnvironmentFile=-/etc/systemd/system/<service>.service.env.
    static func unit(_ role: Role, _ words: [String], extra: String = "") -> String {
        """
        [Service]
        Type=\(role == .server ? "notify" : "exec")
        EnvironmentFile=-/etc/default/%N
        EnvironmentFile=-/etc/sysconfig/%N
        EnvironmentFile=-/etc/systemd/system/\(role.serviceName).service.env
        \(extra)ExecStart=/usr/local/bin/k3s \\
            \(role == .server ? "server" : "agent") \\

        """ + words.map { "\t'\($0)' \\\n" }.joined() + "\n"
    }

    func settings(_ files: [String: String], role: Role = .server) -> NodeSettings {
        NodeSettings(facts: F.facts(files), role: role)
    }

    @Test("K3S_URL in the env file is the server URL, with its file and line; a file's server: beats it")
    func serverURLFromTheEnvFile() {
        let files = [F.serverUnit: Self.unit(.server, []), Self.serverEnv: "K3S_TOKEN=\(Self.marker)\nK3S_URL='https://10.0.0.1:6443'\n"]
        let s = settings(files)
        #expect(s.effective("server")?.value == "https://10.0.0.1:6443")
        #expect(s.effective("server")?.origin == .environment)
        #expect(s.effective("server")?.location == SourceLocation(file: Self.serverEnv, line: 2))
        #expect(s.effective("token")?.isSecretSet == true)
        #expect(s.effective("token")?.values == [])
        var withFile = files
        withFile[F.config] = "server: https://10.0.0.2:6443\n"
        #expect(settings(withFile).effective("server")?.value == "https://10.0.0.2:6443", "a flag (file or command line) beats the variable")
    }

    @Test("Environment= lines of the unit; an EnvironmentFile= overrides them; server-only variables mean nothing to an agent")
    func environmentLines() {
        let unit = Self.unit(.agent, [], extra: "Environment=\"K3S_NODE_NAME=edge one\" K3S_URL=https://10.0.0.9:6443\nEnvironment=K3S_CLUSTER_INIT=true\n")
        let s = settings([F.agentUnit: unit, Self.agentEnv: "K3S_URL=https://10.0.0.1:6443\n"], role: .agent)
        #expect(s.effective("node-name")?.value == "edge one")
        #expect(s.effective("node-name")?.location.file == F.agentUnit)
        #expect(s.effective("server")?.value == "https://10.0.0.1:6443")
        #expect(s.effective("cluster-init") == nil)
    }

    @Test("OpenRC: the sourced /etc/rancher/k3s/k3s-agent.env")
    func openRCEnvFile() {
        let script = "#!/sbin/openrc-run\ncommand_args=\"agent \\\n    >>/var/log/k3s-agent.log 2>&1\"\nset -o allexport\nif [ -f /etc/rancher/k3s/k3s-agent.env ]; then . /etc/rancher/k3s/k3s-agent.env; fi\nset +o allexport\n"
        let s = settings([K3sPaths.openrcScript(.agent): script, "/etc/rancher/k3s/k3s-agent.env": "export K3S_URL=\"https://10.0.0.1:6443\"\nK3S_VPN_AUTH=\(Self.marker)\n"], role: .agent)
        #expect(s.effective("server")?.value == "https://10.0.0.1:6443")
        #expect(s.effective("vpn-auth")?.isSecretSet == true)
    }

    @Test("K3S_CONFIG_FILE first, then the first --config/-c, else config.yaml; drop-ins from <file>.d in any letter case")
    func whichConfigFile() throws {
        let custom = "/etc/k3s/custom.yaml"
        var files = [F.serverUnit: Self.unit(.server, ["--config", custom, "-c", "/ignored.yaml"]),
                     custom: "flannel-backend: host-gw\n", F.config: "flannel-backend: vxlan\n",
                     custom + ".d/10-a.YAML": "node-label: [a=1]\n", custom + ".d/20-b.Yml": "node-label+: [b=2]\n",
                     custom + ".d/30-c.txt": "node-label+: [c=3]\n", custom + ".d/sub/40.yaml": "node-label+: [d=4]\n"]
        var s = settings(files)
        #expect(s.configPath == custom)
        #expect(s.effective("flannel-backend")?.value == "host-gw")
        #expect(s.effective("node-label")?.values == ["a=1", "b=2"])
        files[Self.serverEnv] = "K3S_CONFIG_FILE=/etc/rancher/k3s/config.yaml\n"
        s = settings(files)
        #expect(s.configPath == F.config, "K3S_CONFIG_FILE beats --config")
        #expect(s.effective("flannel-backend")?.value == "vxlan")
        let equalsForm = settings([F.serverUnit: Self.unit(.server, ["-c=/etc/k3s/x.yaml"])])
        #expect(equalsForm.configPath == "/etc/k3s/x.yaml")
        let singleDashLong = settings([F.serverUnit: Self.unit(.server, ["-config", "/etc/k3s/x.yaml"])])
        #expect(singleDashLong.configPath == F.config, "findConfigFileFlag looks for --config and -c only")
    }

    @Test("a change lands in the config file K3s reads, created there when missing")
    func editsGoToTheChosenFile() throws {
        let custom = "/etc/k3s/custom.yaml"
        let s = settings([F.serverUnit: Self.unit(.server, ["--config=\(custom)"]), F.config: "flannel-backend: vxlan\n"])
        let edits = try s.edits([.set("flannel-backend", to: "wireguard-native")])
        #expect(edits.map(\.path) == [custom])
        #expect(edits.first?.after == "flannel-backend: wireguard-native\n")
    }

    @Test("a value set only by the environment: overridden in the config file; removing it is refused with the reason")
    func environmentIsNotEdited() throws {
        let s = settings([F.agentUnit: Self.unit(.agent, []), Self.agentEnv: "K3S_NODE_NAME=old\nK3S_URL=https://10.0.0.1:6443\n"], role: .agent)
        let edits = try s.edits([.set("node-name", to: "new")])
        #expect(edits.map(\.path) == [F.config])
        #expect(edits.first?.after == "node-name: new\n")
        #expect(throws: Diagnostic.self) { try s.edits([.remove("node-name")]) }
        do {
            _ = try s.edits([.remove("node-name")])
        } catch let diagnostic as Diagnostic {
            #expect(diagnostic.message.contains("K3S_NODE_NAME") && diagnostic.message.contains(Self.agentEnv))
        }
    }

    @Test("plan order: a server whose K3S_URL is in the env file restarts after the server it joins, wherever the inventory lists it")
    func restartOrderFromTheEnvFile() throws {
        var fleet = TestFleet()
        fleet.server("s1", config: "flannel-backend: wireguard\n", extra: [Self.serverEnv: "K3S_TOKEN=\(Self.marker)\nK3S_URL='https://10.9.0.3:6443'\n"])
        fleet.server("s2", config: "flannel-backend: wireguard\n", extra: [Self.serverEnv: "K3S_TOKEN=\(Self.marker)\nK3S_URL='https://10.9.0.3:6443'\n"])
        fleet.server("s3", config: "flannel-backend: wireguard\n", extra: [Self.serverEnv: "K3S_TOKEN=\(Self.marker)\nK3S_CLUSTER_INIT='true'\n"])
        fleet.agent("a1", extra: [Self.agentEnv: "K3S_URL='https://10.9.0.3:6443'\n"])
        fleet.servers = fleet.servers.map { entry in
            var entry = entry
            entry.files[K3sPaths.systemdUnit(.server)] = Self.unit(.server, [])
            return entry
        }
        let plan = try fleet.plan()
        #expect(plan.steps(.restart).compactMap(\.host) == ["s3", "s1", "s2", "a1"])
    }

    @Test("K3S_VPN_AUTH in the env file skips the node like vpn-auth in config.yaml")
    func vpnAuthFromTheEnvFileSkips() throws {
        var fleet = TestFleet()
        fleet.server("s1", config: "cluster-init: true\nflannel-backend: wireguard\n")
        fleet.agent("a1", extra: [Self.agentEnv: "K3S_URL='https://10.9.0.1:6443'\nK3S_VPN_AUTH=\(Self.marker)\n"])
        fleet.agents = fleet.agents.map { entry in
            var entry = entry
            entry.files[K3sPaths.systemdUnit(.agent)] = Self.unit(.agent, [])
            return entry
        }
        let plan = try fleet.plan()
        let skipped = try #require(plan.skipped.first { $0.host == "a1" })
        #expect(skipped.reason.contains("vpn-auth is set (\(Self.agentEnv):2)"))
        #expect(plan.steps(.restart).compactMap(\.host) == ["s1"])
    }

    @Test("a -t token in the unit is a secret: its value is redacted in the diff")
    func shortTokenIsSecret() throws {
        let s = settings([F.serverUnit: Self.unit(.server, ["-t", "K10supersecret::server:x", "--flannel-backend=wireguard"])])
        #expect(s.effective("token")?.value == "K10supersecret::server:x")
        let edits = try s.edits([.set("flannel-backend", to: "wireguard-native")])
        #expect(edits.count == 1)
        #expect(!edits[0].diff.contains("K10supersecret"))
        #expect(edits[0].after.contains("K10supersecret"), "the file itself keeps the token")
    }

    @Test("sanitized env text keeps gathered variables, replaces the rest, keeps the line count")
    func sanitizing() {
        let text = "K3S_URL='https://a:6443'\nK3S_TOKEN=abc\n# K3S_TOKEN=old\nK3S_NODE_NAME=n1"
        #expect(EnvironmentFileReader.sanitized(text) == "K3S_URL='https://a:6443'\nK3S_TOKEN=\(Self.marker)\n\nK3S_NODE_NAME=n1\n")
        let read = EnvironmentFileReader.read(EnvironmentFileReader.sanitized(text))
        #expect(read.map(\.name) == ["K3S_URL", "K3S_TOKEN", "K3S_NODE_NAME"])
        #expect(read.map(\.isSecretSet) == [false, true, false])
        #expect(read.map(\.line) == [0, 1, 3])
    }
}
