import Foundation
import Testing
@testable import K3sMigrateCore

@Suite("planning custom-cni and the allow_ip_forwarding check")
struct CustomCNIPlanTests {
    static let calicoWithout = """
        {"name": "k8s-pod-network", "cniVersion": "0.3.1", "plugins": [
          {"type": "calico", "ipam": {"type": "calico-ipam"}, "container_settings": {"allow_ip_forwarding": false}},
          {"type": "portmap", "capabilities": {"portMappings": true}}]}
        """
    static let canalWith = """
        {"name": "k8s-pod-network", "plugins": [
          {"type": "calico", "container_settings": {"allow_ip_forwarding": true}}, {"type": "bandwidth"}]}
        """

    func plan() throws -> Plan {
        var fleet = TestFleet()
        fleet.server("s1", config: "cluster-init: true\n")
        fleet.server("s2", config: "server: https://10.9.0.1:6443\n", unitFlags: ["--flannel-backend=vxlan"],
                     extra: [K3sPaths.cniDir + "/10-calico.conflist": "{ not json"])
        fleet.agent("a1", extra: [K3sPaths.cniDir + "/10-calico.conflist": Self.calicoWithout])
        fleet.agent("a2", extra: [K3sPaths.cniDir + "/10-canal.conflist": Self.canalWith])
        return try fleet.plan(try ShippedPlaybooks.load("custom-cni"))
    }

    @Test("flannel none and disable-network-policy on servers only, where each takes effect; servers restart first, then agents")
    func settings() throws {
        let plan = try plan()
        guard case .edit(let config) = plan.step("s1/edit:config.yaml")?.action,
              case .edit(let unit) = plan.step("s2/edit:k3s.service")?.action else { Issue.record("server edits"); return }
        #expect(config.after.hasPrefix("cluster-init: true\n") && config.after.contains("flannel-backend: none\n"))
        #expect(config.after.contains("disable-network-policy: true\n"))
        #expect(unit.after.contains("'--flannel-backend=none'"))
        #expect(Set(plan.steps(.editFile).compactMap(\.host)) == ["s1", "s2"])
        #expect(plan.steps(.restart).compactMap(\.host) == ["s1", "s2", "a1", "a2"])
        #expect(plan.steps(.healthGate).allSatisfy { step in
            if case .health(let expectation) = step.action { return expectation.backend == "none" }
            return false
        })
    }

    @Test("nodes whose Canal/Calico conflist lacks allow_ip_forwarding: true are reported, with the file")
    func forwarding() throws {
        let warnings = try plan().warnings.filter { $0.rule == "cni-forwarding" }
        #expect(warnings.map { "\($0.host ?? "-") \($0.location?.file ?? "-")" }.sorted()
                == ["a1 /etc/cni/net.d/10-calico.conflist", "s2 /etc/cni/net.d/10-calico.conflist"])
        #expect(warnings.first { $0.host == "s2" }?.message.contains("not valid JSON") == true)
    }

    @Test("the JSON check: top level or any plugin, and only a real true")
    func check() throws {
        func parse(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }
        #expect(CNIForwardingCheck.allowsForwarding(try parse(Self.canalWith)))
        #expect(!CNIForwardingCheck.allowsForwarding(try parse(Self.calicoWithout)))
        #expect(CNIForwardingCheck.allowsForwarding(try parse(#"{"container_settings": {"allow_ip_forwarding": true}}"#)))
        #expect(!CNIForwardingCheck.allowsForwarding(try parse(#"{"container_settings": {"allow_ip_forwarding": "true"}}"#)))
        #expect(!CNIForwardingCheck.allowsForwarding(try parse(#"{"plugins": [{"type": "calico"}]}"#)))
    }
}
