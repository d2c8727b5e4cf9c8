import Foundation
import Testing

/// `plan --out FILE` replaces only a regular file or a new path (issue 9, item 1): a link, a
/// directory or a FIFO at FILE is refused through the binary, exit 1, and nothing is written.
@Suite("plan --out refuses anything but a regular file or a new path")
struct PlanOutRefusalTests {
    enum Kind: String, CaseIterable, Sendable { case symlink, directory, fifo }

    static let expectedWords: [Kind: String] = [.symlink: "is a symbolic link", .directory: "is a directory", .fifo: "is a FIFO"]

    @Test("refused, exit 1, nothing written", arguments: Kind.allCases)
    func refused(_ kind: Kind) throws {
        let dir = NSTemporaryDirectory() + "k3smigrate-planout-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = dir + "/precious"
        try "keep me\n".write(toFile: target, atomically: true, encoding: .utf8)
        let out = dir + "/out"
        switch kind {
        case .symlink: try FileManager.default.createSymbolicLink(atPath: out, withDestinationPath: target)
        case .directory: try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: false)
        case .fifo: #expect(mkfifo(out, 0o600) == 0)
        }
        let before = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        let result = try BinaryRunner.run(["plan", "-i", "inventory.example.yaml", "-p", "wireguard-native",
                                           "--from-dir", "fixtures/example-nodes", "--out", out])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("\(out): \(Self.expectedWords[kind]!): refusing to replace it"), "\(result.stderr)")
        #expect(!result.stderr.contains("plan saved to"))
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == before, "no temporary file left")
        if kind == .directory { #expect(try FileManager.default.contentsOfDirectory(atPath: out).isEmpty) }
    }

    @Test("a new path and a regular file are written, mode 0600")
    func regularAndNew() throws {
        let dir = NSTemporaryDirectory() + "k3smigrate-planout-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for path in [dir + "/new.json", dir + "/new.json"] {   // new, then over the regular file it became
            let result = try BinaryRunner.run(["plan", "-i", "inventory.example.yaml", "-p", "wireguard-native",
                                               "--from-dir", "fixtures/example-nodes", "--out", path])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("plan saved to \(path)"))
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }
}
