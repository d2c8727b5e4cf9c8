import Testing
@testable import K3sMigrateCore

/// Services install.sh names after INSTALL_K3S_NAME (`setup_env`: SYSTEM_NAME=k3s-NAME; unit
/// /etc/systemd/system/k3s-NAME.service with env file k3s-NAME.service.env, or OpenRC
/// /etc/init.d/k3s-NAME with /etc/rancher/k3s/k3s-NAME.env; k3s-NAME-uninstall.sh): read,
/// edited where the value is, restarted, health-checked and uninstalled by that name.
@Suite("INSTALL_K3S_NAME services")
struct NamedServiceTests {
    static let edgeUnit = K3sPaths.systemdDir + "/k3s-edge.service"
    static let edgeEnv = edgeUnit + ".env"

    /// install.sh's unit for SYSTEM_NAME `name` running `k3s ROLE WORDS`.
    static func unit(_ name: String, _ role: Role, _ words: [String]) -> String {
        """
        [Unit]
        Description=Lightweight Kubernetes

        [Service]
        Type=\(role == .server ? "notify" : "exec")
        EnvironmentFile=-/etc/default/%N
        EnvironmentFile=-/etc/sysconfig/%N
        EnvironmentFile=-/etc/systemd/system/\(name).service.env
        ExecStart=/usr/local/bin/k3s \\
            \(role.rawValue) \\

        """ + words.map { "\t'\($0)' \\\n" }.joined() + "\n"
    }

    /// install.sh's OpenRC script for SYSTEM_NAME `name` (it sources /etc/rancher/k3s/NAME.env).
    static func openrc(_ name: String, _ role: Role, _ words: [String]) -> String {
        """
        #!/sbin/openrc-run
        supervisor=supervise-daemon
        name=\(name)
        command="/usr/local/bin/k3s"
        command_args="\(role.rawValue) \\

        """ + words.map { "\t'\($0)' \\\n" }.joined() + """
            >>/var/log/\(name).log 2>&1"

        set -o allexport
        if [ -f /etc/environment ]; then . /etc/environment; fi
        if [ -f /etc/rancher/k3s/\(name).env ]; then . /etc/rancher/k3s/\(name).env; fi
        set +o allexport

        """
    }

    /// s1 the init server on k3s.service; s2 joins through K3S_URL in k3s-edge.service.env and
    /// sets the legacy backend on its k3s-edge unit; a1 runs the agent as k3s-worker.
    static func fleet(s2Files: [String: String]? = nil, a1Files: [String: String]? = nil) -> TestFleet {
        var fleet = TestFleet()
        fleet.server("s1", config: "cluster-init: true\nflannel-backend: wireguard\n")
        fleet.servers.append(("s2", s2Files ?? [
            edgeUnit: unit("k3s-edge", .server, ["--flannel-backend=wireguard"]),
            edgeEnv: "K3S_TOKEN='\(EnvironmentFileReader.secretMarker)'\nK3S_URL='https://10.9.0.1:6443'\n",
        ]))
        let worker = K3sPaths.systemdDir + "/k3s-worker.service"
        fleet.agents.append(("a1", a1Files ?? [worker: unit("k3s-worker", .agent, [])]))
        return fleet
    }

    func command(_ plan: Plan, _ id: String) -> String? {
        guard case .run(let command) = plan.step(id)?.action else { return nil }
        return command.script
    }

    @Test("a systemd k3s-NAME server: its flags and env file read, the service named by the unit")
    func readsNamedUnit() {
        let facts = SettingsFixtures.facts([Self.edgeUnit: Self.unit("k3s-edge", .server, ["--flannel-backend=wireguard"]),
                                            Self.edgeEnv: "K3S_URL='https://10.0.0.1:6443'\n"])
        let s = NodeSettings(facts: facts, role: .server)
        #expect(s.service == K3sService(name: "k3s-edge", manager: .systemd))
        #expect(s.effective("flannel-backend")?.value == "wireguard")
        #expect(s.effective("flannel-backend")?.location.file == Self.edgeUnit)
        #expect(s.effective("server")?.value == "https://10.0.0.1:6443")
        #expect(s.effective("server")?.location.file == Self.edgeEnv)
        #expect(s.diagnostics.isEmpty)
        #expect(NodeSettings(facts: facts, role: .agent).service == nil, "an agent looks for a unit running `k3s agent`")
    }

    @Test("plan on k3s-NAME units: edit in the unit, daemon-reload, restart and health gate by name, order from K3S_URL")
    func plansNamedUnits() throws {
        let plan = try Self.fleet().plan()
        let edit = try #require(plan.steps(.editFile).first { $0.host == "s2" })
        guard case .edit(let change) = edit.action else { Issue.record("no edit"); return }
        #expect(change.path == Self.edgeUnit)
        #expect(change.after.contains("\t'--flannel-backend=wireguard-native' \\\n"))
        #expect(plan.step("s2/daemon-reload") != nil)
        #expect(command(plan, "s2/restart") == "systemctl restart k3s-edge && ( systemctl is-active k3s-edge && k3s kubectl get nodes -o json || true )")
        #expect(plan.step("s2/restart")?.title == "restart k3s-edge")
        guard case .health(let gate) = plan.step("s2/health")?.action else { Issue.record("no gate"); return }
        #expect(gate.service == "k3s-edge")
        #expect(gate.manager == .systemd)
        #expect(plan.step("s2/health")?.commandText?.hasPrefix("systemctl is-active k3s-edge\n") == true)
        guard case .checks(let checks) = plan.steps(.preflight).first(where: { $0.host == "s2" })?.action else {
            Issue.record("no preflight"); return
        }
        #expect(checks.contains { $0.command.script == "test -f /etc/systemd/system/k3s-edge.service" })
        // s2 joins s1 through K3S_URL in k3s-edge.service.env: s1 restarts first.
        #expect(plan.index(of: "s1/restart")! < plan.index(of: "s2/restart")!)
        // The agent k3s-worker has no backend of its own: restarted by its name after the servers.
        #expect(command(plan, "a1/restart") == "systemctl restart k3s-worker && ( systemctl is-active k3s-worker || true )")
        guard case .health(let agentGate) = plan.step("a1/health")?.action else { Issue.record("no agent gate"); return }
        #expect(agentGate.service == "k3s-worker")
        #expect(plan.step("a1/health")?.role == .agent)
    }

    @Test("a drop-in of a k3s-NAME unit that replaces ExecStart: the edit goes to the drop-in")
    func namedUnitDropIn() throws {
        let dropIn = Self.edgeUnit + ".d/override.conf"
        let plan = try Self.fleet(s2Files: [
            Self.edgeUnit: Self.unit("k3s-edge", .server, ["--flannel-backend=vxlan"]),
            dropIn: "[Service]\nExecStart=\nExecStart=/usr/local/bin/k3s server --server https://10.9.0.1:6443 --flannel-backend=wireguard\n",
        ]).plan()
        let edits = plan.steps(.editFile).filter { $0.host == "s2" }
        guard edits.count == 1, case .edit(let change) = edits[0].action else { Issue.record("edits \(edits.map(\.id))"); return }
        #expect(change.path == dropIn)
        #expect(change.after.hasSuffix("--flannel-backend=wireguard-native\n"))
        #expect(command(plan, "s2/restart") == "systemctl restart k3s-edge && ( systemctl is-active k3s-edge && k3s kubectl get nodes -o json || true )")
    }

    @Test("an OpenRC k3s-NAME script: its env file read, `rc-service k3s-edge restart`")
    func openrcNamed() throws {
        let script = K3sPaths.openrcDir + "/k3s-edge"
        let env = K3sPaths.configDir + "/k3s-edge.env"
        let plan = try Self.fleet(s2Files: [script: Self.openrc("k3s-edge", .server, ["--flannel-backend=wireguard"]),
                                            env: "K3S_URL='https://10.9.0.1:6443'\n"]).plan()
        let s = NodeSettings(facts: Self.fleet(s2Files: [script: Self.openrc("k3s-edge", .server, []), env: "K3S_URL=https://10.9.0.1:6443\n"]).facts["s2"]!,
                             role: .server)
        #expect(s.service == K3sService(name: "k3s-edge", manager: .openrc))
        #expect(s.effective("server")?.location.file == env)
        guard case .edit(let change) = plan.steps(.editFile).first(where: { $0.host == "s2" })?.action else { Issue.record("no edit"); return }
        #expect(change.path == script)
        #expect(plan.step("s2/daemon-reload") == nil, "OpenRC has no daemon-reload")
        #expect(command(plan, "s2/restart") == "rc-service k3s-edge restart && ( rc-service k3s-edge status > /dev/null && echo active && k3s kubectl get nodes -o json || true )")
        #expect(plan.index(of: "s1/restart")! < plan.index(of: "s2/restart")!)
    }

    @Test("two K3s server services on one host: refused, naming both")
    func twoServicesRefused() throws {
        let plan = { try Self.fleet(s2Files: [
            K3sPaths.systemdUnit(.server): TestFleet.serverUnit(["--server", "https://10.9.0.1:6443"]),
            Self.edgeUnit: Self.unit("k3s-edge", .server, ["--flannel-backend=wireguard"]),
        ]).plan() }
        #expect(throws: DiagnosticsError.self) { try plan() }
        do { _ = try plan() } catch let error as DiagnosticsError {
            let problem = try #require(error.diagnostics.first { $0.rule == "unit-ambiguous" })
            #expect(problem.host == "s2")
            #expect(problem.message.contains("k3s (/etc/systemd/system/k3s.service)"))
            #expect(problem.message.contains("k3s-edge (/etc/systemd/system/k3s-edge.service)"))
        }
    }

    @Test("two named agent services: refused; a named unit of the other role does not count")
    func twoAgentsRefusedOtherRoleIgnored() throws {
        let worker = K3sPaths.systemdDir + "/k3s-worker.service"
        let gpu = K3sPaths.systemdDir + "/k3s-gpu.service"
        let two = SettingsFixtures.facts([worker: Self.unit("k3s-worker", .agent, []), gpu: Self.unit("k3s-gpu", .agent, [])])
        #expect(NodeSettings(facts: two, role: .agent).diagnostics.map(\.rule) == ["unit-ambiguous"])
        let mixed = SettingsFixtures.facts([worker: Self.unit("k3s-worker", .agent, []), Self.edgeUnit: Self.unit("k3s-edge", .server, [])])
        let agent = NodeSettings(facts: mixed, role: .agent)
        #expect(agent.service?.name == "k3s-worker")
        #expect(agent.diagnostics.isEmpty)
        // A helper unit named k3s-something that does not run K3s is not a K3s service.
        let helper = SettingsFixtures.facts([K3sPaths.systemdUnit(.server): TestFleet.serverUnit(),
                                             K3sPaths.systemdDir + "/k3s-backup.service": "[Service]\nExecStart=/usr/bin/rsync -a /var/lib/rancher /backup\n"])
        #expect(NodeSettings(facts: helper, role: .server).service == .standard(.server))
        #expect(NodeSettings(facts: helper, role: .server).diagnostics.isEmpty)
    }

    @Test("a service name install.sh refuses: read, but not restarted")
    func invalidName() throws {
        let odd = K3sPaths.systemdDir + "/k3s-a$b.service"
        let s = NodeSettings(facts: SettingsFixtures.facts([odd: Self.unit("k3s-a$b", .server, [])]), role: .server)
        #expect(s.diagnostics.map(\.rule) == ["unit-name"])
        #expect(s.diagnostics.first?.severity == .error)
        #expect(K3sService.isValidName("k3s-edge.1"))
        #expect(!K3sService.isValidName("k3s-a b"))
        #expect(!K3sService.isValidName("k3s-a_b"), "install.sh refuses `_` too")
        #expect(!K3sService.isValidName("nginx"))
    }

    @Test("uninstall runs install.sh's k3s-NAME-uninstall.sh")
    func uninstallScriptByName() throws {
        let plan = try Self.fleet().plan(try ShippedPlaybooks.load("uninstall"))
        #expect(command(plan, "s2/uninstall") == "/usr/local/bin/k3s-edge-uninstall.sh")
        #expect(command(plan, "a1/uninstall") == "/usr/local/bin/k3s-worker-uninstall.sh")
        #expect(command(plan, "s1/uninstall") == "/usr/local/bin/k3s-uninstall.sh")
    }
}
