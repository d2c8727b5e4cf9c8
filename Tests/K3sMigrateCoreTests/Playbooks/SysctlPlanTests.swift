import Testing
@testable import K3sMigrateCore

@Suite("planning ipv6-accept-ra (persisted sysctl)")
struct SysctlPlanTests {
    static let path = "/etc/sysctl.d/90-k3s-ipv6-accept-ra.conf"
    static let key = "net.ipv6.conf.all.accept_ra"

    func plan(_ configure: [String: (inout HostFacts) -> Void]) throws -> Plan {
        var fleet = TestFleet()
        fleet.server("s1", config: "cluster-init: true\n")
        fleet.agent("a1")
        fleet.agent("a2")
        fleet.overrides = configure
        return try fleet.plan(try ShippedPlaybooks.load("ipv6-accept-ra"))
    }

    @Test("a new file is created, then sysctl -w; undo removes the file and writes the old value back; no restart")
    func newFile() throws {
        let plan = try plan(["s1": { $0.sysctls = [Self.key: "1"] }, "a1": { $0.sysctls = [Self.key: "1"] }, "a2": { $0.sysctls = [Self.key: "1"] }])
        let write = try #require(plan.step("a1/write:90-k3s-ipv6-accept-ra.conf"))
        guard case .write(let file) = write.action else { Issue.record("write"); return }
        #expect(file.content == "net.ipv6.conf.all.accept_ra = 2\n" && file.mode == 0o644 && !file.existed)
        #expect(write.undo == .command(ShellCommand("rm", "-f", "--", Self.path)))
        let apply = try #require(plan.step("a1/sysctl:net.ipv6.conf.all.accept_ra"))
        #expect(apply.commandText == "sysctl -w net.ipv6.conf.all.accept_ra=2" && apply.dependsOn == [write.id])
        #expect(apply.undo == .command(ShellCommand("sysctl", "-w", "net.ipv6.conf.all.accept_ra=1")))
        #expect(plan.steps(.restart).isEmpty)
        #expect(plan.ancestors(of: write.id).contains("@preflight"))
    }

    @Test("an existing file is backed up and only the key's line changes; a converged host plans nothing")
    func existingFile() throws {
        let text = "# ours\nnet.ipv6.conf.all.forwarding=1\nnet.ipv6.conf.all.accept_ra = 1\nnet.ipv4.ip_forward = 1"
        let plan = try plan([
            "s1": { facts in
                facts.files[Self.path] = FileFact(path: Self.path, text: text, mode: 0o644)
                facts.sysctls = [Self.key: "1"]
            },
            "a1": { facts in
                facts.files[Self.path] = FileFact(path: Self.path, text: "net.ipv6.conf.all.accept_ra=2\n", mode: 0o644)
                facts.sysctls = [Self.key: "2"]
            },
            "a2": { facts in
                facts.files[Self.path] = FileFact(path: Self.path, text: "net.ipv6.conf.all.accept_ra=2\n", mode: 0o644)
                facts.sysctls = [Self.key: "0"]
            },
        ])
        guard case .edit(let change) = plan.step("s1/edit:90-k3s-ipv6-accept-ra.conf")?.action else { Issue.record("edit"); return }
        #expect(change.after == "# ours\nnet.ipv6.conf.all.forwarding=1\nnet.ipv6.conf.all.accept_ra = 2\nnet.ipv4.ip_forward = 1")
        #expect(plan.step("s1/edit:90-k3s-ipv6-accept-ra.conf")?.dependsOn == ["s1/backup:90-k3s-ipv6-accept-ra.conf"])
        #expect(!plan.steps.contains { $0.host == "a1" && $0.changes }, "a1 already has it, on disk and running")
        #expect(plan.steps.filter { $0.host == "a2" && $0.changes }.map(\.id) == ["a2/sysctl:net.ipv6.conf.all.accept_ra"],
                "a2 has the file but not the running value")
    }

    @Test("an unknown running value makes the sysctl step irreversible")
    func unknownValue() throws {
        let plan = try plan([:])
        #expect(plan.step("s1/sysctl:net.ipv6.conf.all.accept_ra")?.undo.isPossible == false)
    }

    @Test("sysctl.d syntax: comments, '-' prefix, slashes, last line wins")
    func syntax() {
        let file = SysctlFile(text: "; c\n# net.ipv6.conf.all.accept_ra = 9\n-net/ipv6/conf/all/accept_ra=1\nnet.ipv6.conf.all.accept_ra = 0\n")
        #expect(file.value(of: Self.key) == "0")
        #expect(file.setting(Self.key, to: "2") == "; c\n# net.ipv6.conf.all.accept_ra = 9\n-net/ipv6/conf/all/accept_ra=1\nnet.ipv6.conf.all.accept_ra = 2\n")
        #expect(SysctlFile(text: "a = 1").setting(Self.key, to: "2") == "a = 1\nnet.ipv6.conf.all.accept_ra = 2\n")
    }
}
