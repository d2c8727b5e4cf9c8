import Foundation
import Testing
@testable import K3sMigrateRun
import K3sMigrateCore

/// A node file that is not UTF-8 (a Latin-1 comment, a lone 0xff) is read, planned and written
/// back byte for byte: apply sees no drift, and the file changes only in the value it sets. The
/// file is an OpenRC script (shell takes any byte; a config.yaml like it K3s itself refuses:
/// NonUTF8EditTests).
@Suite("Non-UTF-8 node files through apply")
struct NonUTF8ApplyTests {
    static let path = K3sPaths.openrcScript(.server)
    static let head: [UInt8] = Array("#!/sbin/openrc-run\n# caf".utf8) + [0xE9] + Array("\nname=k3s\n# ".utf8) + [0xFF]
        + Array(" junk\ncommand=\"/usr/local/bin/k3s\"\ncommand_args=\"server --cluster-init ".utf8)
    static let original: [UInt8] = head + Array("--flannel-backend=wireguard\"\n".utf8)
    static let expected: [UInt8] = head + Array("--flannel-backend=wireguard-native\"\n".utf8)

    @Test("apply edits an OpenRC script with Latin-1 and 0xff bytes: no false drift, every other byte kept")
    func applyKeepsBytes() async throws {
        var fleet = ApplyFleet()
        fleet.add("s1", .server, [Self.path: SimulatedHost.File(content: Self.original, mode: 0o755, owner: "root", group: "root")])
        let plan = try fleet.plan()
        let (_, hosts) = await fleet.hosts()
        let run = ApplyRun(plan: plan, hosts: hosts, runID: fleet.runID)
        defer { run.state.remove() }
        let outcome = await run.run()
        #expect(outcome == .succeeded, "\(outcome)")
        let written = try #require(await hosts["s1"]!.file(Self.path))
        #expect(written.content == Self.expected, "\(written.content)")
    }

    @Test("the saved plan's digests of an unchanged non-UTF-8 file show no drift")
    func digestsStable() throws {
        let facts = HostFacts(host: "s1", files: [Self.path: FileFact(path: Self.path, content: Self.original)])
        let again = HostFacts(host: "s1", files: [Self.path: FileFact(path: Self.path, content: Self.original)])
        #expect(FactDigests.of(facts) == FactDigests.of(again))
        #expect(FactDigests.of(facts)[Self.path] == SHA256.hex(Self.original), "the digest is of the bytes as read")
    }
}
