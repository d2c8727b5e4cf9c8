import Testing
@testable import K3sMigrateCore

@Suite("shipped playbooks")
struct ShippedPlaybookTests {
    @Test("every playbook in playbooks/ parses, is named after its file and has a one-line summary")
    func allParse() throws {
        let names = ShippedPlaybooks.names
        #expect(names.contains("cilium-cleanup") && names.contains("uninstall") && names.contains("wireguard-native"))
        for name in names {
            let playbook = try ShippedPlaybooks.load(name)
            #expect(playbook.name == name)
            #expect(!playbook.summary.isEmpty && !playbook.summary.contains("\n"), "\(name): one-line summary")
        }
    }

    @Test("cilium-cleanup and uninstall: actions in the page's order, no restart, firewall facts needed")
    func ciliumPlaybooks() throws {
        let cleanup = try ShippedPlaybooks.load("cilium-cleanup")
        #expect(cleanup.actions == [.ciliumCleanup] && cleanup.restart == .none && cleanup.settings.isEmpty)
        #expect(cleanup.needsFirewallFacts)
        let uninstall = try ShippedPlaybooks.load("uninstall")
        #expect(uninstall.actions == [.ciliumCleanup, .uninstall] && uninstall.restart == .none)
        #expect(uninstall.needsFirewallFacts)
        #expect(!(try ShippedPlaybooks.load("wireguard-native")).needsFirewallFacts)
    }
}
