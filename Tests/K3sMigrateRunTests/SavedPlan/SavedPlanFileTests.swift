import Foundation
import Testing
import K3sMigrateCore
@testable import K3sMigrateRun

@Suite("Saved plan file")
struct SavedPlanFileTests {
    @Test("make records the plan, its inputs and a digest per fact of every host it depends on")
    func make() {
        let saved = SavedPlanFixture.saved
        #expect(saved.kind == "k3smigrate-plan")
        #expect(saved.formatVersion == 2)
        #expect(saved.createdAt == Date(timeIntervalSince1970: 1_795_835_442))
        #expect(saved.cluster == "prod-eu")
        #expect(saved.playbook == "flannel-wireguard-native")
        #expect(saved.inventoryPath == "inventory.yaml")
        #expect(saved.inventorySHA256 == SHA256.hex(SavedPlanFixture.inventoryText))
        #expect(saved.options == PlanOptions(agentBatchSize: 3, limit: "servers,a1"))
        // Planned hosts, the skipped a1, and s3 (a server the planner compares): not the untouched agent a2.
        #expect(saved.factHosts == ["a1", "s1", "s2", "s3"])
        let s1 = saved.factDigests["s1"] ?? [:]
        #expect(Set(s1.keys) == [K3sPaths.config, SavedPlanFixture.dropIn, SavedPlanFixture.unit, "symlink:" + SavedPlanFixture.unit,
                                 "k3s-version", "kernel-modules", "interfaces", "addresses:eth0", "probe:external-ip",
                                 "sysctl:net.ipv4.ip_forward"])
        // File digests are taken with secrets masked: the digest says nothing about the token.
        #expect(s1[K3sPaths.config] == SHA256.hex("flannel-backend: wireguard\ntoken: \(SecretMasking.fileMask)\n"))
        #expect(s1["k3s-version"] == SHA256.hex("v1.28.5+k3s1"))
        #expect(Set((saved.factDigests["a1"] ?? [:]).keys) == [K3sPaths.config, "k3s-version"])
    }

    @Test("write then read gives back an equal plan, in a file of mode 0600 with stable bytes")
    func roundTrip() throws {
        let path = try SavedPlanFixture.temporaryFile()
        let saved = SavedPlanFixture.saved
        try saved.write(to: path)
        #expect(try SavedPlan.read(from: path) == saved)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let first = try #require(FileManager.default.contents(atPath: path))
        try SavedPlan.read(from: path).write(to: path)
        #expect(FileManager.default.contents(atPath: path) == first)
        // No secret from the facts, only its digest.
        #expect(!String(decoding: first, as: UTF8.self).contains("s3cret"))
        #expect(LockFixtures.files(in: (path as NSString).deletingLastPathComponent) == ["plan.json"])
    }

    @Test("writing over a readable file leaves a 0600 file")
    func replacesLooseFile() throws {
        let path = try SavedPlanFixture.temporaryFile()
        #expect(FileManager.default.createFile(atPath: path, contents: Data("old".utf8), attributes: [.posixPermissions: 0o644]))
        try SavedPlanFixture.saved.write(to: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try SavedPlan.read(from: path) == SavedPlanFixture.saved)
    }

    @Test("a directory that does not exist is a plan-file error naming the file")
    func unwritable() throws {
        let path = NSTemporaryDirectory() + "k3smigrate-no-such-dir-" + UUID().uuidString + "/plan.json"
        let failure = #expect(throws: DiagnosticsError.self) { try SavedPlanFixture.saved.write(to: path) }
        #expect(failure?.diagnostics.first?.rule == "plan-file")
        #expect(failure?.diagnostics.first?.location?.file == path)
    }

    struct BadFile: Sendable, CustomTestStringConvertible {
        var name: String
        var content: @Sendable (String) -> String?
        var message: String
        var testDescription: String { name }
    }

    static let badFiles: [BadFile] = [
        BadFile(name: "missing", content: { _ in nil }, message: "cannot read the plan file: no such file"),
        BadFile(name: "plain text", content: { _ in "servers:\n  - s1\n" },
                message: "not a k3smigrate plan file (`k3smigrate plan --out FILE` writes one)"),
        BadFile(name: "other JSON", content: { _ in "{\"cluster\":\"prod-eu\",\"steps\":[]}" },
                message: "not a k3smigrate plan file (`k3smigrate plan --out FILE` writes one)"),
        BadFile(name: "newer format", content: { $0.replacingOccurrences(of: "\"formatVersion\":2", with: "\"formatVersion\":7") },
                message: "the plan file has format version 7, this k3smigrate reads version 2; make the plan again with this k3smigrate"),
        BadFile(name: "cut short", content: { String($0.prefix($0.count / 2)) },
                message: "the plan file is corrupted (not valid JSON, perhaps cut short); make the plan again"),
        BadFile(name: "field missing", content: { $0.replacingOccurrences(of: "\"inventorySHA256\"", with: "\"inventorySHA\"") },
                message: "the plan file is corrupted (missing inventorySHA256); make the plan again"),
        BadFile(name: "wrong type deep inside", content: { $0.replacingOccurrences(of: "\"agentBatchSize\":3", with: "\"agentBatchSize\":\"3\"") },
                message: "the plan file is corrupted (wrong type at options.agentBatchSize); make the plan again"),
    ]

    @Test("files that are not plans, of another version, or damaged give one clear line", arguments: badFiles)
    func badFile(_ bad: BadFile) throws {
        let good = try SavedPlanFixture.temporaryFile()
        try SavedPlanFixture.saved.write(to: good)
        let text = String(decoding: try #require(FileManager.default.contents(atPath: good)), as: UTF8.self)
        let path = try SavedPlanFixture.temporaryFile("bad.json")
        if let content = bad.content(text) { try Data(content.utf8).write(to: URL(fileURLWithPath: path)) }

        let failure = #expect(throws: DiagnosticsError.self) { try SavedPlan.read(from: path) }
        #expect(failure?.diagnostics.count == 1)
        #expect(failure?.diagnostics.first?.description == "error: \(path): \(bad.message) [plan-file]")
    }
}
