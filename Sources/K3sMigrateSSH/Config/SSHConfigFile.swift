import Foundation
import K3sMigrateCore

/// An OpenSSH client config file (`~/.ssh/config` style): `Host` blocks with the keywords
/// k3smigrate uses. `Match` and `Include` are not supported; they are reported as warnings.
public struct SSHConfigFile: Sendable, Hashable {
    struct Setting: Sendable, Hashable {
        var keyword: String
        var arguments: [String]
        var line: Int
    }

    struct Block: Sendable, Hashable {
        /// nil for settings before the first `Host` line, which apply to every host.
        var patterns: [String]?
        /// A `Match` block we can't evaluate; it applies to no host.
        var unsupported = false
        var settings: [Setting] = []
    }

    public var path: String
    var blocks: [Block]
    /// Lines that were ignored, with why.
    public var warnings: [Diagnostic]

    public static func load(path: String) throws -> SSHConfigFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SSHError.configInvalid(file: path, line: 0, message: "cannot read ssh config file")
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    public static func parse(_ text: String, path: String) throws -> SSHConfigFile {
        var blocks = [Block(patterns: nil)]
        var warnings: [Diagnostic] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let (keyword, arguments) = try split(line, path: path, line: lineNumber) else { continue }
            switch keyword {
            case "host":
                blocks.append(Block(patterns: arguments))
            case "match":
                let all = arguments.count == 1 && arguments[0].lowercased() == "all"
                blocks.append(Block(patterns: all ? ["*"] : [], unsupported: !all))
                if !all {
                    warnings.append(.warning("ssh-config-unsupported", at: SourceLocation(file: path, line: lineNumber),
                                             "`Match` blocks are not supported; this block is ignored"))
                }
            case "include":
                warnings.append(.warning("ssh-config-unsupported", at: SourceLocation(file: path, line: lineNumber),
                                         "`Include` is not supported; the included files are not read"))
            default:
                blocks[blocks.count - 1].settings.append(Setting(keyword: keyword, arguments: arguments, line: lineNumber))
            }
        }
        return SSHConfigFile(path: path, blocks: blocks, warnings: warnings)
    }

    /// Options for a host known by any of `names` (inventory address and name). A block applies
    /// when its patterns match one of the names; the first value of each keyword wins.
    public func options(for names: [String]) throws -> SSHConfigOptions {
        var options = SSHConfigOptions()
        var seen: Set<String> = []
        for block in blocks where !block.unsupported {
            if let patterns = block.patterns, !names.contains(where: { HostPattern.matches($0, patterns: patterns) }) {
                continue
            }
            for setting in block.settings {
                if setting.keyword == "identityfile" {
                    options.identityFiles.append(contentsOf: setting.arguments.prefix(1))
                    continue
                }
                guard !seen.contains(setting.keyword), let value = setting.arguments.first else { continue }
                seen.insert(setting.keyword)
                try apply(setting.keyword, value, line: setting.line, to: &options)
            }
        }
        return options
    }

    private func apply(_ keyword: String, _ value: String, line: Int, to options: inout SSHConfigOptions) throws {
        switch keyword {
        case "hostname": options.hostName = value
        case "user": options.user = value
        case "port":
            guard let port = Int(value), (1...65535).contains(port) else {
                throw SSHError.configInvalid(file: path, line: line, message: "Port must be 1-65535, not \(value)")
            }
            options.port = port
        case "proxyjump": options.proxyJump = value
        case "userknownhostsfile": options.userKnownHostsFile = value
        case "stricthostkeychecking": options.strictHostKeyChecking = value.lowercased()
        case "connecttimeout":
            guard let seconds = Double(value), seconds > 0 else {
                throw SSHError.configInvalid(file: path, line: line, message: "ConnectTimeout must be a positive number, not \(value)")
            }
            options.connectTimeout = seconds
        default: break
        }
    }

    /// `Keyword value...` or `Keyword=value`; arguments may be double-quoted.
    private static func split(_ line: String, path: String, line number: Int) throws -> (String, [String])? {
        var rest = Substring(line)
        let keyword = rest.prefix { $0 != " " && $0 != "\t" && $0 != "=" }
        guard !keyword.isEmpty else { return nil }
        rest = rest.dropFirst(keyword.count).drop { $0 == " " || $0 == "\t" }
        if rest.first == "=" { rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" } }
        var arguments: [String] = []
        var current = ""
        var inQuotes = false
        var hasWord = false
        for character in rest {
            if character == "\"" {
                inQuotes.toggle()
                hasWord = true
            } else if !inQuotes && (character == " " || character == "\t") {
                if hasWord { arguments.append(current) }
                current = ""
                hasWord = false
            } else {
                current.append(character)
                hasWord = true
            }
        }
        if inQuotes {
            throw SSHError.configInvalid(file: path, line: number, message: "unterminated quote")
        }
        if hasWord { arguments.append(current) }
        return (keyword.lowercased(), arguments)
    }
}
