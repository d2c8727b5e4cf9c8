import Foundation
import K3sMigrateCore

/// What one health poll on a server saw (`RemoteCommands.clusterView`): the server down, the
/// question failing, or every node as the cluster reports it. One view answers every gate of a
/// batch that waits on that server.
enum ClusterView: Sendable {
    /// The server's service is not running: the text says what it is instead.
    case serverDown(String)
    /// The server runs, but the question failed: why.
    case failed(String)
    case nodes([String: NodeStatus])

    /// Reads the poll's output: the server's state on the first line, then kubectl's node list.
    static func read(_ result: CommandResult, server: String) -> ClusterView {
        let stdout = result.stdout
        let newline = stdout.firstIndex(of: UInt8(ascii: "\n")) ?? stdout.endIndex
        let state = String(decoding: stdout[..<newline], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        guard state == "active" else { return .serverDown(state.isEmpty ? "exit \(result.exitStatus)" : state) }
        guard result.succeeded else {
            return .failed("`k3s kubectl get nodes` on \(server) exited \(result.exitStatus): " + OutputExcerpt.firstLine(result))
        }
        let rest = newline < stdout.endIndex ? stdout[stdout.index(after: newline)...] : []
        guard let nodes = NodeStatus.parseList(rest) else { return .failed("unreadable node list JSON from \(server)") }
        return .nodes(nodes)
    }
}
