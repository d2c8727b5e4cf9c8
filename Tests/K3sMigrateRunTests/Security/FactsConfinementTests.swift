import Foundation
import Testing
@testable import K3sMigrateCore
@testable import K3sMigrateRun

/// Attacks on the controller's files through `facts --save DIR` (a node's reply) and
/// `--from-dir DIR` (a facts directory from a pull request).
@Suite("Facts directories are confined to DIR/<host>/")
struct FactsConfinementTests {
    let base: String
    let outside: String
    let dir: String

    init() throws {
        base = try SecretFleet.temporaryDirectory()
        outside = base + "/outside"
        dir = base + "/facts"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    func cleanup() { try? FileManager.default.removeItem(atPath: base) }

    var host: K3sMigrateCore.Host { K3sMigrateCore.Host(name: "s1", address: "10.0.0.1", role: .server, location: SourceLocation(file: "inv.yaml", line: 1)) }

    func config(_ text: String, link: String? = nil) -> HostFacts {
        HostFacts(host: "s1", files: [K3sPaths.config: FileFact(path: K3sPaths.config, content: Array(text.utf8), mode: 0o600, symlinkTarget: link)])
    }

    func outsideEntries() -> [String] { (try? FileManager.default.subpathsOfDirectory(atPath: outside)) ?? [] }

    // MARK: facts --save

    @Test("a link target with .. from the node is saved inside the host's mirror, nothing outside DIR")
    func saveDotDotTarget() throws {
        defer { cleanup() }
        let escape = "../../../../../../../../../../\(outside.dropFirst())/pwned"
        try FactsDirectory.save(FleetFacts(["s1": config("flannel-backend: vxlan\n", link: escape)]), to: dir)
        #expect(outsideEntries().isEmpty, "written outside DIR: \(outsideEntries())")
        let link = dir + "/s1" + K3sPaths.config
        let target = try FileManager.default.destinationOfSymbolicLink(atPath: link)
        #expect(!target.hasPrefix("/"))
        // The link resolves inside the mirror, and reads back as the node's file.
        let facts = try FactsDirectory.load(from: dir, hosts: [host])
        #expect(facts["s1"]?.file(K3sPaths.config)?.text == "flannel-backend: vxlan\n")
        #expect(facts["s1"]?.file(K3sPaths.config)?.symlinkTarget == HostFilesystemMirror.normalize("/" + outside + "/pwned"))
    }

    @Test("an absolute link target from the node lands in the mirror, not on the controller")
    func saveAbsoluteTarget() throws {
        defer { cleanup() }
        try FactsDirectory.save(FleetFacts(["s1": config("a: b\n", link: outside + "/abs")]), to: dir)
        #expect(outsideEntries().isEmpty)
        #expect(FileManager.default.fileExists(atPath: dir + "/s1" + outside + "/abs"))
    }

    @Test("a link already in DIR is never written through: a linked directory is refused, a linked file replaced")
    func saveThroughExistingLinks() throws {
        defer { cleanup() }
        try FileManager.default.createDirectory(atPath: dir + "/s1", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir + "/s1/etc", withDestinationPath: outside)
        #expect(throws: FactsDirectoryError.self) { try FactsDirectory.save(FleetFacts(["s1": config("a: b\n")]), to: dir) }
        #expect(outsideEntries().isEmpty)

        try FileManager.default.removeItem(atPath: dir + "/s1/etc")
        try FileManager.default.createDirectory(atPath: dir + "/s1/etc/rancher/k3s", withIntermediateDirectories: true)
        let victim = outside + "/victim"
        try Data("keep me\n".utf8).write(to: URL(fileURLWithPath: victim))
        try FileManager.default.createSymbolicLink(atPath: dir + "/s1" + K3sPaths.config, withDestinationPath: victim)
        try FactsDirectory.save(FleetFacts(["s1": config("a: b\n")]), to: dir)
        #expect(String(decoding: FileManager.default.contents(atPath: victim) ?? Data(), as: UTF8.self) == "keep me\n")
        var info = stat()
        #expect(lstat(dir + "/s1" + K3sPaths.config, &info) == 0 && info.st_mode & S_IFMT == S_IFREG)
    }

    @Test("a node path or link target with a newline or NUL is refused, and nothing is written for it")
    func saveControlCharacters() throws {
        defer { cleanup() }
        let path = K3sPaths.dropInDir + "/a\nb.yaml"
        let facts = HostFacts(host: "s1", files: [path: FileFact(path: path, text: "x: y\n")])
        #expect(throws: FactsDirectoryError.self) { try FactsDirectory.save(FleetFacts(["s1": facts]), to: dir) }
        #expect(!FileManager.default.fileExists(atPath: dir + "/s1" + path))
        #expect(throws: FactsDirectoryError.self) {
            try FactsDirectory.save(FleetFacts(["s1": config("a: b\n", link: "/etc/x\u{0}y")]), to: dir)
        }
    }

    @Test("saved facts hold no secret, and read back they digest like the live facts")
    func saveMasksSecrets() throws {
        defer { cleanup() }
        let fleet = SecretFleet.fleet()
        try FactsDirectory.save(fleet.facts, to: dir)
        let leaks = SecretFleet.leaks(under: dir)
        #expect(leaks.isEmpty, "\(leaks)")
        let loaded = try FactsDirectory.load(from: dir, hosts: fleet.inventory.hosts)
        for name in ["s1", "s2", "s3", "a1"] {
            #expect(FactDigests.of(loaded[name]!).filter { $0.key.hasPrefix("/") } == FactDigests.of(fleet.facts[name]!).filter { $0.key.hasPrefix("/") })
        }
        // A plan from the saved facts has the same steps as one from the live facts.
        let live = try fleet.plan()
        let saved = SavedPlan.make(plan: try Planner.plan(inventory: fleet.inventory, playbook: ApplyFleet.playbook(), facts: loaded),
                                   facts: loaded, inventory: fleet.inventory, inventoryText: "", options: PlanOptions())
        try saved.verify(live)
    }

    // MARK: --from-dir

    @Test("a linked directory in a facts directory resolves inside the host's mirror, never on the controller")
    func loadLinkedDirectory() throws {
        defer { cleanup() }
        try FileManager.default.createDirectory(atPath: outside + "/rancher/k3s", withIntermediateDirectories: true)
        try Data("token: CONTROLLER-SECRET\n".utf8).write(to: URL(fileURLWithPath: outside + "/rancher/k3s/config.yaml"))
        try FileManager.default.createDirectory(atPath: dir + "/s1", withIntermediateDirectories: true)
        for target in [outside, "../../" + outside.dropFirst(), "../../../../../../../../" + outside.dropFirst()] {
            try? FileManager.default.removeItem(atPath: dir + "/s1/etc")
            try FileManager.default.createSymbolicLink(atPath: dir + "/s1/etc", withDestinationPath: String(target))
            let facts = try FactsDirectory.load(from: dir, hosts: [host])
            #expect(facts["s1"]?.file(K3sPaths.config) == nil, "read through \(target)")
        }
    }

    @Test("an absolute link to a controller file reads the mirror's file of that name, or fails naming host and path")
    func loadAbsoluteLink() throws {
        defer { cleanup() }
        try Data("CONTROLLER-FILE\n".utf8).write(to: URL(fileURLWithPath: outside + "/file"))
        try FileManager.default.createDirectory(atPath: dir + "/s1/etc/rancher/k3s", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir + "/s1" + K3sPaths.config, withDestinationPath: outside + "/file")
        let failure = #expect(throws: DiagnosticsError.self) { try FactsDirectory.load(from: dir, hosts: [host]) }
        #expect(failure?.diagnostics.first?.host == "s1")
        #expect(failure?.description.contains("CONTROLLER-FILE") == false)
    }

    @Test("a FIFO or a device in a facts directory is refused with host and path, without blocking")
    func loadSpecialFiles() throws {
        defer { cleanup() }
        try FileManager.default.createDirectory(atPath: dir + "/s1/etc/rancher/k3s", withIntermediateDirectories: true)
        #expect(mkfifo(dir + "/s1" + K3sPaths.config, 0o600) == 0)
        let failure = #expect(throws: DiagnosticsError.self) { try FactsDirectory.load(from: dir, hosts: [host]) }
        let diagnostic = try #require(failure?.diagnostics.first)
        #expect(diagnostic.host == "s1")
        #expect(diagnostic.message.contains("a FIFO"), "\(diagnostic.message)")
        #expect(diagnostic.message.contains(K3sPaths.config))

        try FileManager.default.removeItem(atPath: dir + "/s1" + K3sPaths.config)
        try FileManager.default.createSymbolicLink(atPath: dir + "/s1" + K3sPaths.config, withDestinationPath: "/dev/zero")
        try FileManager.default.createDirectory(atPath: dir + "/s1/dev", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir + "/s1/dev/zero", withDestinationPath: "/dev/zero")
        // The mirror's /dev/zero is itself a link to /dev/zero: resolved inside, so still nothing.
        let second = #expect(throws: DiagnosticsError.self) { try FactsDirectory.load(from: dir, hosts: [host]) }
        #expect(second?.diagnostics.first?.host == "s1")
    }

    @Test("a host directory that is a link, and a firewall file named with .., are refused")
    func loadHostLinkAndFirewallName() throws {
        defer { cleanup() }
        try FileManager.default.createSymbolicLink(atPath: dir + "/s1", withDestinationPath: "/")
        let failure = #expect(throws: DiagnosticsError.self) { try FactsDirectory.load(from: dir, hosts: [host]) }
        #expect(failure?.diagnostics.first?.message.contains("symbolic link") == true)

        try FileManager.default.removeItem(atPath: dir + "/s1")
        try FileManager.default.createDirectory(atPath: dir + "/s1", withIntermediateDirectories: true)
        try Data("firewall: { iptables: ../../../../etc/passwd }\n".utf8).write(to: URL(fileURLWithPath: dir + "/s1/facts.yaml"))
        let second = #expect(throws: DiagnosticsError.self) { try FactsDirectory.load(from: dir, hosts: [host]) }
        #expect(second?.description.contains("root:") == false)
        #expect(second?.diagnostics.first?.host == "s1")
    }
}
