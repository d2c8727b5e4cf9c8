import Foundation
import K3sMigrateCore
@testable import K3sMigrateSSH
import Testing

@Suite("Authentication against a local sshd", .enabled(if: LabGate.shouldRun, LabGate.skipReason))
struct SSHAuthTests {
    @Test func agentIdentitiesAreTriedInOrder() async throws {
        try await withServer { server in
            let agent = try TestAgent(directory: server.directory)
            defer { agent.stop() }
            // An ECDSA key the server doesn't know goes first; the authorized one must still win.
            let stranger = try LocalSSHD.makeKey(in: server.directory, name: "stranger", type: "ecdsa")
            try agent.add(stranger)
            try agent.add(server.clientKey)
            var target = try server.target(identityFiles: [])
            target.useAgent = true
            target.agentSocket = agent.socket
            let result = try await withHost(target) { host in
                try await host.run(ShellCommand("true"), timeoutSeconds: 30)
            }
            #expect(result.succeeded)
            #expect(server.log.contains("Accepted publickey for root"))
        }
    }

    @Test func anEmptyAgentFallsBackToKeyFiles() async throws {
        try await withServer { server in
            let agent = try TestAgent(directory: server.directory)
            defer { agent.stop() }
            var target = try server.target()
            target.useAgent = true
            target.agentSocket = agent.socket
            #expect(await connectError(target) == nil)
        }
    }

    @Test func aPassphraseProtectedKeyUsesTheEnvironmentVariable() async throws {
        try await withServer { server in
            let key = try server.makeAuthorizedKey(name: "locked", type: "ed25519", passphrase: "correct horse")
            var target = try server.target(identityFiles: [key])
            let variable = "K3SMIGRATE_TEST_PASSPHRASE_\(server.port)"
            target.passphraseEnvironmentVariable = variable

            let missing = await connectError(target)
            guard case .authenticationFailed(_, _, let detail)? = missing else {
                Issue.record("expected authenticationFailed, got \(String(describing: missing))")
                return
            }
            #expect(detail.contains("is encrypted and no passphrase was given (set \(variable)"))

            setenv(variable, "wrong", 1)
            let wrong = await connectError(target)
            #expect(wrong?.description.contains("wrong passphrase?") == true)

            setenv(variable, "correct horse", 1)
            defer { unsetenv(variable) }
            #expect(await connectError(target) == nil)
        }
    }

    @Test func anECDSAKeyFileWorks() async throws {
        try await withServer { server in
            let key = try server.makeAuthorizedKey(name: "id_ecdsa", type: "ecdsa")
            #expect(await connectError(try server.target(identityFiles: [key])) == nil)
        }
    }

    @Test func anRSAKeyFailsWithAnExplanation() async throws {
        try await withServer { server in
            let key = try server.makeAuthorizedKey(name: "id_rsa", type: "rsa")
            let error = await connectError(try server.target(identityFiles: [key]))
            guard case .authenticationFailed(let endpoint, let user, let detail)? = error else {
                Issue.record("expected authenticationFailed, got \(String(describing: error))")
                return
            }
            #expect(endpoint.port == server.port)
            #expect(user == "root")
            #expect(detail.contains("key file \(key)"))
            #expect(detail.contains("libssh2 1.10 signs only with ssh-rsa (SHA-1)"))
            #expect(detail.contains("use an ed25519 or ECDSA key"))
        }
    }

    @Test func anRSAOnlyAgentFailsWithAnExplanation() async throws {
        try await withServer { server in
            let agent = try TestAgent(directory: server.directory)
            defer { agent.stop() }
            try agent.add(try server.makeAuthorizedKey(name: "agent_rsa", type: "rsa"))
            var target = try server.target(identityFiles: [])
            target.useAgent = true
            target.agentSocket = agent.socket
            let error = await connectError(target)
            #expect(error?.description.contains("agent key ssh-rsa") == true)
            #expect(error?.description.contains("OpenSSH 8.8+") == true)
        }
    }

    @Test func noUsableKeySaysSo() async throws {
        try await withServer { server in
            let error = await connectError(try server.target(identityFiles: [server.directory.file("absent")]))
            guard case .authenticationFailed(_, _, let detail)? = error else {
                Issue.record("expected authenticationFailed, got \(String(describing: error))")
                return
            }
            #expect(detail.contains("absent: does not exist"))
        }
    }
}
