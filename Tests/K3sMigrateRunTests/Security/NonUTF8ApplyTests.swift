import Foundation
import Testing
@testable import K3sMigrateRun
import K3sMigrateCore

/// A node file that is not UTF-8 (a Latin-1 comment, a lone 0xff) is read, planned and written
/// back byte for byte: apply sees no drift, and the file changes only in the value it sets.
@Suite("Non-UTF-8 node files through apply")
struct NonUTF8ApplyTests {
    static let original: [UInt8] = Array("# caf".utf8) + [0xE9] + Array("\ncluster-init: true\n# ".utf8) + [0xFF]
        + Array(" junk\nflannel-backend: wireguard\n".utf8)
    static let expected: [UInt8] = Array("# caf".utf8) + [0xE9] + Array("\ncluster-init: true\n# ".utf8) + [0xFF]
        + Array(" junk\nflannel-backend: wireguard-native\n".utf8)

    @Test("apply edits a config.yaml with Latin-1 and 0xff bytes: no false drift, every other byte kept")
    func applyKeepsBytes() async throws {
        var fleet = ApplyFleet()
        fleet.add("s1", .server, [K3sPaths.config: SimulatedHost.File(content: Self.original, mode: 0o600, owner: "root", group: "root")])
        let plan = try fleet.plan()
        let (_, hosts) = await fleet.hosts()
        let run = ApplyRun(plan: plan, hosts: hosts, runID: fleet.runID)
        defer { run.state.remove() }
        let outcome = await run.run()
        #expect(outcome == .succeeded, "\(outcome)")
        let written = try #require(await hosts["s1"]!.file(K3sPaths.config))
        #expect(written.content == Self.expected, "\(written.content)")
    }

    @Test("the saved plan's digests of an unchanged non-UTF-8 file show no drift")
    func digestsStable() throws {
        let facts = HostFacts(host: "s1", files: [K3sPaths.config: FileFact(path: K3sPaths.config, content: Self.original)])
        let again = HostFacts(host: "s1", files: [K3sPaths.config: FileFact(path: K3sPaths.config, content: Self.original)])
        #expect(FactDigests.of(facts) == FactDigests.of(again))
        #expect(FactDigests.of(facts)[K3sPaths.config] == SHA256.hex(Self.original), "the digest is of the bytes as read")
    }
}
