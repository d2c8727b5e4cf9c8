import Foundation
import K3sMigrateCore

/// A fleet run's journal: JSON lines in `<stateDir>/runs/<fleet run id>/journal.jsonl`, like a
/// cluster run's (so `runs` lists it and `runs show ID` prints it): what was asked, each cluster
/// started (with its own run id) and finished, the budget, the end. Lines that a resumed run
/// depends on are flushed to disk before the run goes on.
final class FleetJournal: Sendable {
    let runID: String
    private let journal: Journal

    init(runID: String, stateDir: String) {
        self.runID = runID
        self.journal = Journal(runID: runID, stateDir: stateDir)
    }

    /// Journals the event; returns a message when the journal could not be written.
    func record(_ event: FleetEvent) -> String? {
        do {
            try journal.append(event.document(runID: runID), durable: event.isDurable)
            return nil
        } catch {
            return error.description
        }
    }

    /// What a fleet journal says, for `--resume`.
    struct State {
        var start: FleetStart
        /// Per cluster: its run id, and its outcome when the journal saw it finish.
        var started: [String: String] = [:]
        var finished: [String: ClusterRunResult] = [:]
    }

    static func read(runID: String, stateDir: String) throws(DiagnosticsError) -> State {
        let entries = try Journal.read(runID: runID, stateDir: stateDir)
        func object(_ entry: JournalEntry) -> [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(entry.line.utf8))) as? [String: Any]
        }
        guard let first = entries.first.flatMap(object), first["type"] as? String == "run-started",
              let start = FleetStart(json: first) else {
            throw DiagnosticsError([.error("journal", "run \(runID) is not a fleet run (give -i with its inventory file to resume it)")])
        }
        var state = State(start: start)
        for entry in entries.dropFirst() {
            guard let line = object(entry), let type = line["type"] as? String, let cluster = line["cluster"] as? String else { continue }
            switch type {
            case "fleet-cluster-started":
                if let run = line["clusterRun"] as? String { state.started[cluster] = run }
            case "fleet-cluster-finished":
                guard let outcome = (line["outcome"] as? String).flatMap(ClusterOutcome.init(rawValue:)) else { continue }
                state.finished[cluster] = ClusterRunResult(cluster: cluster, file: line["file"] as? String ?? "",
                                                           runID: line["clusterRun"] as? String, outcome: outcome,
                                                           seconds: Double(line["seconds"] as? String ?? "") ?? 0,
                                                           detail: line["detail"] as? String)
            default:
                continue
            }
        }
        return state
    }
}
