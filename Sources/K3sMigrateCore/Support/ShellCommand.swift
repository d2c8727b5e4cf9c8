import Foundation

/// A POSIX `sh` command line built so that no inventory or fact value can reach the shell
/// unquoted: words are always single-quoted; shell syntax (pipes, `&&`, redirections) only comes
/// from string literals written in this code base (`StaticString`).
public struct ShellCommand: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The rendered command line, ready for `sh -c` / an SSH exec request.
    public private(set) var script: String

    private init(script: String) { self.script = script }

    /// A simple command: every word is quoted (`'it'\''s'` style) unless it is plainly safe.
    public init(_ words: String...) { self.init(words: words) }

    public init(words: [String]) {
        script = words.map(ShellCommand.quote).joined(separator: " ")
    }

    /// Fixed shell syntax written in this code base; never build it from runtime values.
    public static func literal(_ text: StaticString) -> ShellCommand {
        ShellCommand(script: text.description)
    }

    /// `self && next`
    public func and(_ next: ShellCommand) -> ShellCommand { ShellCommand(script: "\(script) && \(next.script)") }
    /// `self || next`
    public func or(_ next: ShellCommand) -> ShellCommand { ShellCommand(script: "\(script) || \(next.script)") }
    /// `self | next`
    public func pipe(_ next: ShellCommand) -> ShellCommand { ShellCommand(script: "\(script) | \(next.script)") }
    /// `self; next`
    public func then(_ next: ShellCommand) -> ShellCommand { ShellCommand(script: "\(script); \(next.script)") }
    /// `self > path` with the path quoted.
    public func redirect(to path: String) -> ShellCommand { ShellCommand(script: "\(script) > \(ShellCommand.quote(path))") }
    /// `self 2>/dev/null`
    public var silencingErrors: ShellCommand { ShellCommand(script: "\(script) 2>/dev/null") }
    /// `( self )`
    public var grouped: ShellCommand { ShellCommand(script: "( \(script) )") }
    /// `sh -c 'self'`, for running under sudo or timeout as one word.
    public var asShellWord: String { ShellCommand.quote(script) }

    /// Runs the command as root through `sudo -n` (never prompts, never takes a password).
    public var withSudo: ShellCommand { ShellCommand(words: ["sudo", "-n", "--", "sh", "-c", script]) }

    /// Bounds the remote run time: libssh2 can't signal a remote process, so `timeout` does it.
    public func withTimeout(seconds: Int) -> ShellCommand {
        ShellCommand(words: ["timeout", String(seconds), "sh", "-c", script])
    }

    /// The command with `marker` replaced by `word` wherever it occurs (a plan's `RUN_ID` in a path
    /// becomes the run's id at apply time). `word` must be plainly safe, so no quoting changes.
    public func replacing(_ marker: String, with word: String) -> ShellCommand {
        guard !marker.isEmpty, !word.isEmpty, word.unicodeScalars.allSatisfy(ShellCommand.isSafe) else { return self }
        return ShellCommand(script: script.replacingOccurrences(of: marker, with: word))
    }

    public var description: String { script }

    /// Single-quotes a word for POSIX sh. Words made only of safe characters stay bare so that
    /// plans read naturally (`systemctl restart k3s`).
    public static func quote(_ word: String) -> String {
        if !word.isEmpty, word.unicodeScalars.allSatisfy(isSafe) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    private static func isSafe(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".", "/", ":", ",", "+", "=", "@", "%": return true
        default: return false
        }
    }
}
