import Foundation
import K3sMigrateCore

extension SSHTarget {
    /// The target for an inventory host: the inventory's values first, then the `sshConfig` file's
    /// `Host` blocks (matched against the host's address and name, first value wins), then
    /// OpenSSH's defaults (port 22, the local user, `~/.ssh/known_hosts`, existing
    /// `~/.ssh/id_ed25519`, `id_ecdsa`, `id_rsa`). Jump hosts get the same treatment.
    public static func resolve(host: K3sMigrateCore.Host, defaults: SSHOptions? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SSHTarget {
        var warnings: [Diagnostic] = []
        return try resolve(host: host, defaults: defaults, environment: environment, warnings: &warnings)
    }

    /// As `resolve(host:defaults:environment:)`, collecting warnings about the ssh config file.
    public static func resolve(host: K3sMigrateCore.Host, defaults: SSHOptions?, environment: [String: String],
                               warnings: inout [Diagnostic]) throws -> SSHTarget {
        let options = defaults.map { host.ssh.resolved(over: $0) } ?? host.ssh
        var expansion = PathExpansion.current(environment: environment)
        var config: SSHConfigFile?
        if let configPath = options.sshConfig {
            let file = try SSHConfigFile.load(path: expansion.expand(configPath))
            warnings += file.warnings.map { warning in
                var tagged = warning
                tagged.host = host.name
                return tagged
            }
            config = file
        }
        let fromConfig = try config?.options(for: [host.address, host.name]) ?? SSHConfigOptions()

        expansion.remoteHost = host.address
        let address = fromConfig.hostName.map(expansion.expand) ?? host.address
        let user = options.user ?? fromConfig.user ?? expansion.localUser
        let port = options.port ?? fromConfig.port ?? 22
        expansion.remoteHost = address
        expansion.remoteUser = user
        expansion.port = port

        let identityFiles = options.identityFile.map { [expansion.expand($0)] }
            ?? (fromConfig.identityFiles.isEmpty ? defaultIdentityFiles(home: expansion.home)
                : fromConfig.identityFiles.map(expansion.expand))
        let knownHosts = expansion.expand(options.knownHosts ?? fromConfig.userKnownHostsFile ?? "~/.ssh/known_hosts")
        let policy = try options.hostKeyPolicy ?? policy(fromConfig.strictHostKeyChecking, file: config?.path) ?? .strict

        var target = SSHTarget(
            name: host.name, address: address, port: port, user: user, identityFiles: identityFiles,
            knownHostsPath: knownHosts, hostKeyPolicy: policy, become: options.become,
            connectTimeout: options.connectTimeout ?? fromConfig.connectTimeout ?? 10, location: host.location)

        if let jumpText = options.jump ?? fromConfig.proxyJump, jumpText.lowercased() != "none" {
            guard let hops = JumpSpec.parseList(jumpText) else {
                throw SSHError.configInvalid(file: host.location.file, line: host.location.line,
                                             message: "host \(host.name): jump host must be [user@]host[:port], not \(jumpText)")
            }
            target.jump = try jumpChain(hops, for: target, config: config, environment: environment)
        }
        return target
    }

    /// Builds the hop chain so that the last hop (closest to the target) is `target.jump` and
    /// each hop's own `jump` is the one before it.
    private static func jumpChain(_ hops: [JumpSpec], for target: SSHTarget, config: SSHConfigFile?,
                                  environment: [String: String]) throws -> SSHTarget {
        var previous: SSHTarget?
        for hop in hops {
            let fromConfig = try config?.options(for: [hop.host]) ?? SSHConfigOptions()
            var expansion = PathExpansion.current(environment: environment)
            expansion.remoteHost = hop.host
            let address = fromConfig.hostName.map(expansion.expand) ?? hop.host
            let user = hop.user ?? fromConfig.user ?? expansion.localUser
            let port = hop.port ?? fromConfig.port ?? 22
            expansion.remoteHost = address
            expansion.remoteUser = user
            expansion.port = port
            var jumpTarget = target
            jumpTarget.name = hop.host
            jumpTarget.address = address
            jumpTarget.port = port
            jumpTarget.user = user
            jumpTarget.become = nil
            jumpTarget.jump = previous
            if !fromConfig.identityFiles.isEmpty {
                jumpTarget.identityFiles = fromConfig.identityFiles.map(expansion.expand)
            }
            if let knownHosts = fromConfig.userKnownHostsFile {
                jumpTarget.knownHostsPath = expansion.expand(knownHosts)
            }
            previous = jumpTarget
        }
        return previous!
    }

    private static func policy(_ strictHostKeyChecking: String?, file: String?) throws -> SSHOptions.HostKeyPolicy? {
        switch strictHostKeyChecking {
        case nil: return nil
        case "yes", "ask": return .strict
        case "accept-new": return .acceptNew
        default:
            throw SSHError.configInvalid(file: file ?? "ssh config", line: 0,
                                         message: "StrictHostKeyChecking \(strictHostKeyChecking!) is not supported; "
                                             + "k3smigrate always verifies host keys (use yes or accept-new)")
        }
    }

    private static func defaultIdentityFiles(home: String) -> [String] {
        ["id_ed25519", "id_ecdsa", "id_rsa"].map { "\(home)/.ssh/\($0)" }
            .filter { FileManager.default.fileExists(atPath: $0) }
    }
}
