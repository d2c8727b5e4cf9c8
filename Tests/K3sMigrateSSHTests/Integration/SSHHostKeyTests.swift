import Foundation
import K3sMigrateCore
@testable import K3sMigrateSSH
import Testing

@Suite("Host key checks against a local sshd", .enabled(if: LabGate.shouldRun, LabGate.skipReason))
struct SSHHostKeyTests {
    @Test func aChangedKeyIsRefusedWithBothFingerprintsAndTheFix() async throws {
        try await withServer { server in
            var target = try server.target()
            let impostor = try LocalSSHD.makeKey(in: server.directory, name: "impostor", type: "ed25519")
            let impostorKey = try String(contentsOfFile: impostor + ".pub", encoding: .utf8).split(separator: " ")
            try server.directory.write("known_hosts", "\(server.knownHostsName) \(impostorKey[0]) \(impostorKey[1])\n")
            let expected = try TestShell.run("/usr/bin/ssh-keygen", ["-lf", impostor + ".pub"]).stdout.split(separator: " ")[1]
            for policy in [SSHOptions.HostKeyPolicy.strict, .acceptNew] {
                target.hostKeyPolicy = policy
                let error = await connectError(target)
                guard case .hostKeyChanged(_, let report)? = error else {
                    Issue.record("expected hostKeyChanged under \(policy), got \(String(describing: error))")
                    continue
                }
                let text = error!.description
                #expect(report.offeredFingerprint == (try server.fingerprint("ed25519")))
                #expect(text.contains(try server.fingerprint("ed25519")))
                #expect(text.contains(String(expected)))
                #expect(text.contains("known_hosts:1"))
                #expect(text.contains("ssh-keygen -R '[127.0.0.1]:\(server.port)'"))
                #expect(text.contains(try server.knownHostsLine("ed25519")))
            }
            #expect(server.directory.read("known_hosts") == "\(server.knownHostsName) \(impostorKey[0]) \(impostorKey[1])\n")
        }
    }

    @Test func anUnknownHostIsRefusedWhenStrictAndRecordedUnderAcceptNew() async throws {
        try await withServer { server in
            var target = try server.target()
            try server.directory.write("known_hosts", "# nothing yet\n")
            let error = await connectError(target)
            guard case .hostKeyUnknown(_, let report)? = error else {
                Issue.record("expected hostKeyUnknown, got \(String(describing: error))")
                return
            }
            #expect(report.offeredKeyType == "ssh-ed25519")
            #expect(error!.description.contains(try server.fingerprint("ed25519")))
            #expect(error!.description.contains(try server.knownHostsLine("ed25519")))

            target.hostKeyPolicy = .acceptNew
            let host = try await SSHHost.connect(target)
            #expect(host.warnings.contains { $0.rule == "host-key-recorded" })
            await host.close()
            #expect(server.directory.read("known_hosts") == "# nothing yet\n" + (try server.knownHostsLine("ed25519")) + "\n")

            target.hostKeyPolicy = .strict
            #expect(await connectError(target) == nil)
        }
    }

    @Test func acceptNewCreatesAMissingKnownHostsFile() async throws {
        try await withServer { server in
            var target = try server.target()
            target.knownHostsPath = server.directory.file("new-dir/known_hosts")
            target.hostKeyPolicy = .acceptNew
            #expect(await connectError(target) == nil)
            #expect(server.directory.read("new-dir/known_hosts") == (try server.knownHostsLine("ed25519")) + "\n")
        }
    }

    @Test func hashedEntriesAreAccepted() async throws {
        try await withServer { server in
            let target = try server.target(knownTypes: ["ed25519"])
            try TestShell.run("/usr/bin/ssh-keygen", ["-H", "-f", target.knownHostsPath])
            let text = server.directory.read("known_hosts")
            #expect(text.hasPrefix("|1|"))
            #expect(!text.contains("127.0.0.1"))
            #expect(await connectError(target) == nil)
        }
    }

    @Test(arguments: [["ed25519"], ["ecdsa"], ["ecdsa", "ed25519"]])
    func whicheverKeyTypesKnownHostsHoldsIsNegotiated(types: [String]) async throws {
        try await withServer { server in
            let target = try server.target(knownTypes: types)
            #expect(await connectError(target) == nil)
        }
    }

    @Test func aHostThatLacksTheKnownKeyTypeIsReportedAsChanged() async throws {
        try await withServer(extraConfig: "HostKeyAlgorithms ecdsa-sha2-nistp256") { server in
            let target = try server.target(knownTypes: ["ed25519"])
            let error = await connectError(target)
            guard case .hostKeyChanged(_, let report)? = error else {
                Issue.record("expected hostKeyChanged, got \(String(describing: error))")
                return
            }
            #expect(report.offeredKeyType == "ecdsa-sha2-nistp256")
            #expect(report.offeredFingerprint == (try server.fingerprint("ecdsa")))
        }
    }

    @Test func malformedLinesAreSkippedWithAWarningNamingTheLine() async throws {
        try await withServer { server in
            let target = try server.target()
            let good = try server.knownHostsLine("ed25519")
            try server.directory.write("known_hosts", """
                # comment
                garbage-without-key
                other.example ssh-ed25519 !!!notbase64
                @cert-authority *.example ssh-ed25519 \(try server.hostKey("ed25519").base64)
                \(good)

                """)
            let host = try await SSHHost.connect(target)
            await host.close()
            let skipped = host.warnings.filter { $0.rule == "known-hosts-line-skipped" }.compactMap { $0.location?.line }
            #expect(skipped == [2, 3])
            #expect(host.warnings.allSatisfy { $0.location?.file == target.knownHostsPath })
        }
    }

    @Test func aCertAuthorityLineForTheHostIsReportedAsNotEnforced() async throws {
        try await withServer { server in
            let target = try server.target()
            try server.directory.write("known_hosts", """
                @cert-authority [127.0.0.1]:* \(try server.hostKey("ecdsa").type) \(try server.hostKey("ecdsa").base64)
                \(try server.knownHostsLine("ed25519"))

                """)
            let host = try await SSHHost.connect(target)
            await host.close()
            let warning = try #require(host.warnings.first { $0.rule == "known-hosts-cert-authority" })
            #expect(warning.message.contains("NOT enforced"))
            #expect(warning.location?.line == 1)
        }
    }

    @Test func aRevokedKeyIsRefused() async throws {
        try await withServer { server in
            let target = try server.target()
            try server.directory.write("known_hosts", """
                \(try server.knownHostsLine("ed25519"))
                @revoked * \(try server.hostKey("ed25519").type) \(try server.hostKey("ed25519").base64)

                """)
            let error = await connectError(target)
            guard case .hostKeyRevoked? = error else {
                Issue.record("expected hostKeyRevoked, got \(String(describing: error))")
                return
            }
            #expect(error!.description.contains("known_hosts:2"))
        }
    }
}
