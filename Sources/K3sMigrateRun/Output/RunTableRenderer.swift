import Foundation
import K3sMigrateCore

/// `runs show ID`: one run's journal as a table, one row per finished step or undo, with host,
/// result and duration, under a header line (cluster, playbook, start, outcome).
public enum RunTableRenderer {
    public static func render(runID: String, entries: [JournalEntry], palette: Palette = Palette(enabled: false)) -> String {
        let start = entries.first { $0.kind == .runStarted }
        let finish = entries.last { $0.kind == .runFinished }
        var out = "run \(runID)"
        if let start {
            out += "  cluster \(printable(start.cluster ?? "-"))  playbook \(printable(start.playbook ?? "-"))"
            if start.dryRun { out += "  (dry run)" }
            if let time = start.time { out += "  started \(Timestamp.string(time))" }
        }
        out += "\n"
        let rows: [[String]] = entries.compactMap { entry in
            guard entry.kind == .stepFinished || entry.kind == .undoFinished || entry.kind == .rollbackHealth else { return nil }
            let step = (entry.kind == .undoFinished ? "undo " : entry.kind == .rollbackHealth ? "health " : "") + (entry.stepID ?? "-")
            return [step, entry.host ?? "-", entry.result?.rawValue ?? "-", duration(entry), printable(entry.summary ?? "")]
        }
        let header = ["STEP", "HOST", "RESULT", "DURATION", "SUMMARY"]
        let widths = (0..<4).map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String], colour: (String) -> String = { $0 }) -> String {
            let padded = (0..<4).map { cells[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
            return (padded[0..<2] + [colour(padded[2]), padded[3], cells[4]]).joined(separator: "  ")
                .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
        }
        out += line(header)
        for row in rows {
            out += line(row) { cell in
                switch cell.trimmingCharacters(in: .whitespaces) {
                case "failed": return palette.red(cell)
                case "ok", "undone": return palette.green(cell)
                default: return cell
                }
            }
        }
        if rows.isEmpty { out += "(no step finished)\n" }
        let outcome = finish?.outcome ?? "unfinished (resume or roll back)"
        out += "outcome: \(outcome)"
        if let finish, !finish.remaining.isEmpty { out += "; still to undo: \(finish.remaining.joined(separator: ", "))" }
        if let begin = start?.time, let end = finish?.time { out += String(format: "; %.1f s in all", end.timeIntervalSince(begin)) }
        return out + "\n"
    }

    static func duration(_ entry: JournalEntry) -> String {
        guard let start = entry.startedAt, let end = entry.endedAt else { return "-" }
        let seconds = end.timeIntervalSince(start)
        return seconds < 10 ? String(format: "%.2f s", seconds) : String(format: "%.1f s", seconds)
    }

    /// Journal text came from nodes: control characters are shown escaped, never sent to the terminal.
    static func printable(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
                out += scalar == "\n" ? "\\n" : scalar == "\t" ? "\\t" : String(format: "\\x%02x", scalar.value)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
