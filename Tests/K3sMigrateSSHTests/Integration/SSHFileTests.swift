import Foundation
import K3sMigrateCore
@testable import K3sMigrateSSH
import Testing

@Suite("SSH file reads and writes against a local sshd", .enabled(if: LabGate.shouldRun, LabGate.skipReason))
struct SSHFileTests {
    @Test func rewriteKeepsModeOwnerAndGroupAndLeavesNoTempFile() async throws {
        try await withServer { server in
            let work = try TemporaryDirectory(prefix: "k3smigrate-files")
            defer { work.remove() }
            let path = work.file("config.yaml")
            try TestShell.sh("printf 'old: 1\\n' > \(path) && chown nobody:nogroup \(path) && chmod 0640 \(path)")
            try await withHost(try server.target()) { host in
                try await host.writeFile(path, content: Array("new: 2\n".utf8), mode: nil, owner: nil, group: nil)
                let fact = try #require(try await host.readFile(path))
                #expect(fact.text == "new: 2\n")
                #expect(fact.mode == 0o640)
                #expect(fact.owner == "nobody")
                #expect(fact.group == "nogroup")
                #expect(fact.symlinkTarget == nil)
            }
            let entries = try FileManager.default.contentsOfDirectory(atPath: work.path)
            #expect(entries == ["config.yaml"])
        }
    }

    /// A write killed by a reboot leaves `.NAME.k3smigrate.XXXXXX` (its trap never ran): the next
    /// write of that file removes it; other files, links and other names stay.
    @Test func leftoverTempFilesOfAnInterruptedWriteAreRemoved() async throws {
        try await withServer { server in
            let work = try TemporaryDirectory(prefix: "k3smigrate-files")
            defer { work.remove() }
            try work.write("config.yaml", "old\n", mode: 0o600)
            try work.write(".config.yaml.k3smigrate.Ab3dE9", "half\n", mode: 0o600)
            try work.write(".config.yaml.k3smigrate.keep", "other\n", mode: 0o600)
            try work.write(".other.yaml.k3smigrate.Zz9yX1", "other\n", mode: 0o600)
            try work.write("target", "t\n", mode: 0o600)
            try FileManager.default.createSymbolicLink(atPath: work.file(".config.yaml.k3smigrate.LINK00"), withDestinationPath: work.file("target"))
            try await withHost(try server.target()) { host in
                try await host.writeFile(work.file("config.yaml"), content: Array("new\n".utf8), mode: nil, owner: nil, group: nil)
            }
            let entries = try FileManager.default.contentsOfDirectory(atPath: work.path).sorted()
            #expect(entries == [".config.yaml.k3smigrate.LINK00", ".config.yaml.k3smigrate.keep", ".other.yaml.k3smigrate.Zz9yX1", "config.yaml", "target"])
            #expect(work.read("config.yaml") == "new\n")
            #expect(work.read("target") == "t\n")
        }
    }

    @Test func explicitModeAndOwnerWinAndNewFilesAreCreated() async throws {
        try await withServer { server in
            let work = try TemporaryDirectory(prefix: "k3smigrate-files")
            defer { work.remove() }
            try await withHost(try server.target()) { host in
                let fresh = work.file("fresh.conf")
                try await host.writeFile(fresh, content: Array("a\n".utf8), mode: 0o644, owner: "nobody", group: "nogroup")
                let fact = try #require(try await host.readFile(fresh))
                #expect(fact.content == Array("a\n".utf8))
                #expect(fact.mode == 0o644)
                #expect(fact.owner == "nobody")
                let secret = work.file("token")
                try await host.writeFile(secret, content: Array("s3cret".utf8), mode: nil, owner: nil, group: nil)
                #expect(try await host.readFile(secret)?.mode == 0o600)
            }
        }
    }

    @Test func writingThroughASymlinkChangesTheTargetAndKeepsTheLink() async throws {
        try await withServer { server in
            let work = try TemporaryDirectory(prefix: "k3smigrate-files")
            defer { work.remove() }
            try FileManager.default.createDirectory(atPath: work.file("real"), withIntermediateDirectories: true)
            try work.write("real/config.yaml", "old\n", mode: 0o600)
            try FileManager.default.createSymbolicLink(atPath: work.file("config.yaml"), withDestinationPath: work.file("real/config.yaml"))
            try await withHost(try server.target()) { host in
                let before = try #require(try await host.readFile(work.file("config.yaml")))
                #expect(before.symlinkTarget == work.file("real/config.yaml"))
                #expect(before.text == "old\n")
                try await host.writeFile(work.file("config.yaml"), content: Array("new\n".utf8), mode: nil, owner: nil, group: nil)
            }
            let link = try FileManager.default.destinationOfSymbolicLink(atPath: work.file("config.yaml"))
            #expect(link == work.file("real/config.yaml"))
            #expect(work.read("real/config.yaml") == "new\n")
            #expect(try FileManager.default.contentsOfDirectory(atPath: work.file("real")) == ["config.yaml"])
        }
    }

    @Test func aMissingFileReadsAsNilAndBinaryContentSurvives() async throws {
        try await withServer { server in
            let work = try TemporaryDirectory(prefix: "k3smigrate-files")
            defer { work.remove() }
            try await withHost(try server.target()) { host in
                #expect(try await host.readFile(work.file("absent.yaml")) == nil)
                let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 * 31 + 7) }
                try await host.writeFile(work.file("blob"), content: bytes, mode: 0o600, owner: nil, group: nil)
                #expect(try await host.readFile(work.file("blob"))?.content == bytes)
            }
        }
    }

    @Test func aFailedWriteSaysWhyAndNamesTheHost() async throws {
        try await withServer { server in
            try await withHost(try server.target(name: "web9")) { host in
                let error = await #expect(throws: SSHError.self) {
                    try await host.writeFile("/nonexistent-dir/x.yaml", content: [1], mode: nil, owner: nil, group: nil)
                }
                let text = error?.description ?? ""
                #expect(text.hasPrefix("host web9 (127.0.0.1:\(server.port)): write /nonexistent-dir/x.yaml failed"))
                #expect(text.contains("mktemp"))
            }
        }
    }
}
