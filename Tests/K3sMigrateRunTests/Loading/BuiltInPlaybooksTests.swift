import Foundation
import Testing
import K3sMigrateCore
@testable import K3sMigrateRun

@Suite("built-in playbooks compiled into the binary")
struct BuiltInPlaybooksTests {
    static let directory = BinaryRunner.repoRoot + "/playbooks"

    @Test("the compiled-in playbooks are playbooks/*.yaml byte for byte (else run scripts/generate-builtin-playbooks.py)")
    func matchesPlaybooksDirectory() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(PlaybookLocator.builtInNames() == files.map { String($0.dropLast(5)) })
        for builtIn in PlaybookLocator.builtIns {
            let bytes = try #require(FileManager.default.contents(atPath: "\(Self.directory)/\(builtIn.name).yaml"))
            #expect(Array(builtIn.text.utf8) == Array(bytes), "playbooks/\(builtIn.name).yaml differs from the compiled-in copy")
        }
    }

    @Test("-p NAME loads the compiled-in text even when a file of that name is in the current directory")
    func nameMeansBuiltIn() throws {
        let playbook = try PlaybookLocator.load("wireguard-native")
        #expect(playbook.name == "wireguard-native")
        #expect(PlaybookLocator.isPath("wireguard-native") == false)
        #expect(PlaybookLocator.isPath("./wireguard-native") && PlaybookLocator.isPath("mine.yml") && PlaybookLocator.isPath("mine.yaml"))
    }

    @Test("-p PATH reads that file; a missing file names it")
    func pathReadsFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("k3smigrate-pb-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "name: mine\nsummary: my own\nsettings:\n  - key: flannel-backend\n    value: vxlan\n".write(toFile: dir + "/mine.yaml", atomically: true, encoding: .utf8)
        #expect(try PlaybookLocator.load(dir + "/mine.yaml").name == "mine")
        #expect(throws: DiagnosticsError.self) { try PlaybookLocator.load(dir + "/absent.yaml") }
    }

    @Test("an unknown name suggests the closest built-in")
    func suggestion() {
        do {
            _ = try PlaybookLocator.load("wireguard-nativ")
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.first?.message.contains("did you mean 'wireguard-native'?") == true)
        }
    }
}
