import Foundation
import Testing
import K3sMigrateCore
@testable import K3sMigrateRun

@Suite("Saved plan drift")
struct SavedPlanDriftTests {
    static let when = "since the plan was made (plan 2026-11-28 03:10 UTC)"

    @Test("the fleet as it was gives no drift, even when hosts outside the plan changed")
    func unchanged() {
        var facts = SavedPlanFixture.facts
        #expect(SavedPlanFixture.saved.drift(against: facts).isEmpty)
        facts.hosts["a2"]?.files[K3sPaths.config] = FileFact(path: K3sPaths.config, text: "changed: yes\n")
        facts.hosts["a2"]?.k3sVersion = K3sVersion(1, 30, 0)
        facts.hosts["s9"] = HostFacts(host: "s9")
        // Firewall counters move all the time; the plan does not depend on them.
        facts.hosts["s1"]?.firewallDumps["iptables"] = "*filter\n:INPUT ACCEPT [999:4242]\nCOMMIT\n"
        // Order of lists and of file mode/owner do not count.
        facts.hosts["s1"]?.interfaces = ["flannel.1", "eth0", "lo"]
        facts.hosts["s1"]?.addresses["eth0"] = ["2001:db8::10", "203.0.113.10"]
        facts.hosts["s1"]?.files[K3sPaths.config]?.mode = 0o644
        #expect(SavedPlanFixture.saved.drift(against: facts).isEmpty)
    }

    struct Change: Sendable, CustomTestStringConvertible {
        var name: String
        var host: String
        /// The file named as the location, for file facts.
        var file: String?
        var message: String
        var apply: @Sendable (inout FleetFacts) -> Void
        var testDescription: String { name }
    }

    static let changes: [Change] = [
        Change(name: "config.yaml content", host: "s2", file: K3sPaths.config, message: "changed \(when)") {
            $0.hosts["s2"]?.files[K3sPaths.config]?.content = Array("flannel-backend: vxlan\n".utf8)
        },
        Change(name: "drop-in removed", host: "s1", file: SavedPlanFixture.dropIn, message: "is gone \(when)") {
            $0.hosts["s1"]?.files[SavedPlanFixture.dropIn] = nil
        },
        Change(name: "new drop-in", host: "s3", file: K3sPaths.dropInDir + "/99-late.yaml", message: "appeared \(when)") {
            let path = K3sPaths.dropInDir + "/99-late.yaml"
            $0.hosts["s3"]?.files[path] = FileFact(path: path, text: "flannel-backend: host-gw\n")
        },
        Change(name: "skipped agent's config", host: "a1", file: K3sPaths.config, message: "changed \(when)") {
            $0.hosts["a1"]?.files[K3sPaths.config]?.content = Array("flannel-backend: wireguard\n".utf8)
        },
        Change(name: "symlink target", host: "s1", file: nil,
               message: "the symlink target of \(SavedPlanFixture.unit) changed \(when)") {
            $0.hosts["s1"]?.files[SavedPlanFixture.unit]?.symlinkTarget = "/etc/systemd/system/k3s.service.real"
        },
        Change(name: "k3s version", host: "s2", file: nil, message: "the k3s version changed \(when) (now v1.29.0+k3s1)") {
            $0.hosts["s2"]?.k3sVersion = K3sVersion(1, 29, 0)
        },
        Change(name: "k3s gone", host: "s2", file: nil, message: "the k3s version is gone \(when)") {
            $0.hosts["s2"]?.k3sVersion = nil
        },
        Change(name: "kernel modules", host: "s1", file: nil, message: "the kernel module list changed \(when)") {
            $0.hosts["s1"]?.kernelModules?.remove("wireguard")
        },
        Change(name: "kernel modules became known", host: "a1", file: nil, message: "the kernel module list appeared \(when)") {
            $0.hosts["a1"]?.kernelModules = ["wireguard"]
        },
        Change(name: "interfaces", host: "s3", file: nil, message: "the network interface list changed \(when)") {
            $0.hosts["s3"]?.interfaces?.append("wg0")
        },
        Change(name: "addresses", host: "s1", file: nil, message: "the addresses of eth0 changed \(when)") {
            $0.hosts["s1"]?.addresses["eth0"] = ["203.0.113.99"]
        },
        Change(name: "addresses of a new interface", host: "s1", file: nil, message: "the addresses of eth1 appeared \(when)") {
            $0.hosts["s1"]?.addresses["eth1"] = ["198.51.100.7"]
        },
        Change(name: "probe", host: "s2", file: nil, message: "probe external-ip changed \(when)") {
            $0.hosts["s2"]?.probes["external-ip"] = "203.0.113.77"
        },
        Change(name: "sysctl", host: "s3", file: nil, message: "sysctl net.ipv4.ip_forward changed \(when) (now 0)") {
            $0.hosts["s3"]?.sysctls["net.ipv4.ip_forward"] = "0"
        },
        Change(name: "host missing", host: "s2", file: nil,
               message: "no facts for this host now, and the plan depends on them; gather them, or make a new plan") {
            $0.hosts["s2"] = nil
        },
    ]

    @Test("each kind of change is one plan-drift error naming the host and the file or fact", arguments: changes)
    func drift(_ change: Change) {
        var facts = SavedPlanFixture.facts
        change.apply(&facts)
        let found = SavedPlanFixture.saved.drift(against: facts)
        #expect(found.count == 1)
        guard let diagnostic = found.first else { return }
        #expect(diagnostic.rule == "plan-drift")
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.host == change.host)
        #expect(diagnostic.location?.file == change.file)
        #expect(diagnostic.message == change.message)
    }

    @Test("the one-line form names host and file")
    func oneLine() {
        var facts = SavedPlanFixture.facts
        facts.hosts["s2"]?.files[K3sPaths.config]?.content = Array("flannel-backend: vxlan\n".utf8)
        #expect(SavedPlanFixture.saved.drift(against: facts).map(\.description) == [
            "error: host s2: /etc/rancher/k3s/config.yaml: changed since the plan was made (plan 2026-11-28 03:10 UTC) [plan-drift]",
        ])
    }

    @Test("several changes are all reported, in host then file order")
    func several() {
        var facts = SavedPlanFixture.facts
        for change in Self.changes where ["config.yaml content", "drop-in removed", "sysctl", "k3s version"].contains(change.name) {
            change.apply(&facts)
        }
        let found = SavedPlanFixture.saved.drift(against: facts)
        #expect(found.map(\.host) == ["s1", "s2", "s2", "s3"])
        #expect(found.map { $0.location?.file } == [SavedPlanFixture.dropIn, nil, K3sPaths.config, nil])
    }

    @Test("drift survives the file: a plan read back detects the same changes")
    func afterRoundTrip() throws {
        let path = try SavedPlanFixture.temporaryFile()
        try SavedPlanFixture.saved.write(to: path)
        let read = try SavedPlan.read(from: path)
        var facts = SavedPlanFixture.facts
        #expect(read.drift(against: facts).isEmpty)
        facts.hosts["s1"]?.files[K3sPaths.config]?.content += Array("# edited\n".utf8)
        #expect(read.drift(against: facts).map(\.host) == ["s1"])
    }

    @Test("an edited inventory is drift too, naming the inventory file")
    func inventory() {
        let saved = SavedPlanFixture.saved
        #expect(saved.inventoryDrift(inventoryText: SavedPlanFixture.inventoryText).isEmpty)
        let found = saved.inventoryDrift(inventoryText: SavedPlanFixture.inventoryText + "  - a3\n")
        #expect(found.map(\.description) == [
            "error: inventory.yaml: the inventory changed since the plan was made (plan 2026-11-28 03:10 UTC); make a new plan [plan-drift]",
        ])
    }
}
