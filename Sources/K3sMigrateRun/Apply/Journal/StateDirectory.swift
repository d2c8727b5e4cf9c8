import Foundation

/// Where journals live on the machine running k3smigrate.
public enum StateDirectory {
    /// `$XDG_STATE_HOME/k3smigrate` when XDG_STATE_HOME is an absolute path, else
    /// `~/.local/state/k3smigrate`.
    public static func `default`(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") {
            return trimmed(xdg) + "/k3smigrate"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return trimmed(home) + "/.local/state/k3smigrate"
    }

    /// `<stateDir>/runs/<runID>`
    public static func runDirectory(_ runID: String, in stateDir: String) -> String {
        trimmed(stateDir) + "/runs/" + runID
    }

    private static func trimmed(_ path: String) -> String {
        var path = path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return path
    }
}
