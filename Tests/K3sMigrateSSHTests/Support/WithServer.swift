import Foundation
@testable import K3sMigrateSSH

/// Runs `body` against a fresh local sshd and always stops it afterwards.
func withServer<T>(extraConfig: String = "", _ body: (LocalSSHD) async throws -> T) async throws -> T {
    let server = try LocalSSHD.start(extraConfig: extraConfig)
    do {
        let value = try await body(server)
        server.stop()
        return value
    } catch {
        print("sshd log for port \(server.port):\n\(server.log)")
        server.stop()
        throw error
    }
}

/// Connects, runs `body`, and closes the session whatever happens.
func withHost<T>(_ target: SSHTarget, _ body: (SSHHost) async throws -> T) async throws -> T {
    let host = try await SSHHost.connect(target)
    do {
        let value = try await body(host)
        await host.close()
        return value
    } catch {
        await host.close()
        throw error
    }
}

/// The error a connect attempt fails with, or nil if it connected.
func connectError(_ target: SSHTarget) async -> SSHError? {
    do {
        let host = try await SSHHost.connect(target)
        await host.close()
        return nil
    } catch let error as SSHError {
        return error
    } catch {
        return .configInvalid(file: "test", line: 0, message: "unexpected error type: \(error)")
    }
}
