import Foundation
import K3sMigrateCore

/// A cluster's executor events inside a fleet run, one line each: text lines with hosts named
/// `cluster/host` (`[store-017/s1] ok restart: ...`), JSON objects with a leading `cluster`.
public enum FleetOutputLines {
    public static func text(cluster: String, _ event: ExecutionEvent, palette: Palette) -> String? {
        guard let line = EventLineRenderer.render(event, palette: palette) else { return nil }
        return line.split(separator: "\n", omittingEmptySubsequences: false).map { part -> String in
            if part.hasPrefix("["), let close = part.firstIndex(of: "]") {
                let host = part[part.index(after: part.startIndex)..<close]
                return "[\(cluster)/\(host)" + part[close...]
            }
            return part.hasPrefix("  ") ? String(part) : "[\(cluster)] " + part
        }.joined(separator: "\n")
    }

    public static func json(cluster: String, clusterRun: String, _ event: ExecutionEvent, time: Date = Date()) -> String {
        guard case .object(let members) = EventDocument.document(event, runID: clusterRun, time: time) else { return "" }
        return JSONValue.object([("cluster", .string(cluster))] + members.filter { $0.0 != "cluster" }).rendered()
    }
}
