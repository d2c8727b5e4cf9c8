import Foundation
import K3sMigrateCore

/// `runs show ID --format svg|html`: the run as a timeline, one lane per host, one bar per
/// finished step or undo from its start to its end, so that a reviewer sees where the time went
/// (a restart that took 40 s, agents waiting on a health gate). A view of the same journal the
/// table shows; deterministic for the same journal. Every text from the journal (host names,
/// step ids, summaries that came from nodes) is escaped for XML, control characters made visible.
public enum RunTimelineRenderer {
    struct Bar {
        var lane: Int
        var start: Double
        var end: Double
        var entry: JournalEntry
    }

    static let labelWidth = 150.0
    static let plotWidth = 900.0
    static let laneHeight = 22.0
    static let top = 64.0

    public static func svg(runID: String, entries: [JournalEntry]) -> String {
        let start = entries.first { $0.kind == .runStarted }
        let finish = entries.last { $0.kind == .runFinished }
        var lanes: [String] = []
        var timed: [(entry: JournalEntry, start: Date, end: Date)] = []
        for entry in entries where entry.kind == .stepFinished || entry.kind == .undoFinished || entry.kind == .rollbackHealth {
            guard let begin = entry.startedAt, let end = entry.endedAt else { continue }
            let host = entry.host ?? "(run)"
            if !lanes.contains(host) { lanes.append(host) }
            timed.append((entry, begin, end))
        }
        let origin = start?.time ?? timed.map(\.start).min() ?? Date(timeIntervalSince1970: 0)
        let last = max(finish?.time ?? origin, timed.map(\.end).max() ?? origin)
        let total = max(last.timeIntervalSince(origin), 0.001)
        let bars = timed.map { item in
            Bar(lane: lanes.firstIndex(of: item.entry.host ?? "(run)")!, start: item.start.timeIntervalSince(origin),
                end: item.end.timeIntervalSince(origin), entry: item.entry)
        }
        let scale = plotWidth / total
        let height = top + Double(max(lanes.count, 1)) * laneHeight + 70
        let width = labelWidth + plotWidth + 20
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        var title = "run \(runID)"
        if let start {
            title += "  cluster \(start.cluster ?? "-")  playbook \(start.playbook ?? "-")"
            if start.dryRun { title += "  (dry run)" }
        }
        out += "<title>\(text(title))</title>\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        out += "<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">\(text(title))</text>\n"
        let outcome = finish?.outcome ?? "unfinished (resume or roll back)"
        out += "<text x=\"10\" y=\"38\">outcome: \(text(outcome)); \(String(format: "%.1f", total)) s in all</text>\n"
        // Time axis: about eight ticks at a round step.
        let step = tickStep(total)
        let plotBottom = top + Double(lanes.count) * laneHeight
        var tick = 0.0
        while tick <= total + step / 1000 {
            let x = labelWidth + tick * scale
            out += "<line x1=\"\(n(x))\" y1=\"\(n(top - 6))\" x2=\"\(n(x))\" y2=\"\(n(plotBottom))\" stroke=\"#dddddd\"/>\n"
            out += "<text x=\"\(n(x))\" y=\"\(n(top - 10))\" text-anchor=\"middle\" fill=\"#555555\">\(tickLabel(tick, step: step))</text>\n"
            tick += step
        }
        for (index, host) in lanes.enumerated() {
            let y = top + Double(index) * laneHeight
            if index % 2 == 1 {
                out += "<rect x=\"0\" y=\"\(n(y))\" width=\"\(n(width))\" height=\"\(n(laneHeight))\" fill=\"#f5f5f5\"/>\n"
            }
            out += "<text x=\"10\" y=\"\(n(y + 15))\">\(text(host))</text>\n"
        }
        for bar in bars {
            let y = top + Double(bar.lane) * laneHeight + 3
            let x = labelWidth + bar.start * scale
            let w = max(1.5, (bar.end - bar.start) * scale)
            let failed = bar.entry.result == .failed
            let kind = bar.entry.kind == .undoFinished ? "undo" : bar.entry.kind == .rollbackHealth ? "health-gate" : (bar.entry.stepKind ?? "step")
            var tooltip = (bar.entry.kind == .undoFinished ? "undo " : "") + (bar.entry.stepID ?? "-")
            tooltip += " (\(kind)) \(bar.entry.result?.rawValue ?? "-"), \(String(format: "%.2f", bar.end - bar.start)) s"
            if let summary = bar.entry.summary, !summary.isEmpty { tooltip += ": " + summary }
            out += "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(w))\" height=\"\(n(laneHeight - 6))\" fill=\"\(colour(kind))\""
            out += failed ? " stroke=\"#d62728\" stroke-width=\"2\"" : ""
            out += "><title>\(text(tooltip))</title></rect>\n"
        }
        // Legend.
        var x = 10.0
        let legendY = plotBottom + 30
        for (name, _) in legend {
            out += "<rect x=\"\(n(x))\" y=\"\(n(legendY - 10))\" width=\"12\" height=\"12\" fill=\"\(colour(name))\"/>\n"
            out += "<text x=\"\(n(x + 16))\" y=\"\(n(legendY))\">\(name)</text>\n"
            x += 16 + Double(name.count) * 7 + 22
        }
        out += "<rect x=\"\(n(x))\" y=\"\(n(legendY - 10))\" width=\"12\" height=\"12\" fill=\"#ffffff\" stroke=\"#d62728\" stroke-width=\"2\"/>\n"
        out += "<text x=\"\(n(x + 16))\" y=\"\(n(legendY))\">failed</text>\n"
        if bars.isEmpty { out += "<text x=\"\(n(labelWidth))\" y=\"\(n(top + 15))\">(no step finished)</text>\n" }
        return out + "</svg>\n"
    }

    /// A page with the timeline and the table of steps (`runs show` text), for a browser.
    public static func html(runID: String, entries: [JournalEntry]) -> String {
        let table = RunTableRenderer.render(runID: runID, entries: entries)
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>k3smigrate run \(text(runID))</title>
        <style>body{font-family:sans-serif;margin:1.5em}pre{background:#f5f5f5;padding:1em;overflow-x:auto}</style></head>
        <body>
        <h1>k3smigrate run \(text(runID))</h1>
        \(svg(runID: runID, entries: entries))<h2>Steps</h2>
        <pre>\(xml(table))</pre>
        </body>
        </html>

        """
    }

    static let legend: [(String, String)] = [
        ("preflight", "#9e9e9e"), ("backup", "#72b7b2"), ("edit-file", "#4c78a8"), ("daemon-reload", "#b279a2"),
        ("restart", "#f58518"), ("health-gate", "#54a24b"), ("command", "#8c564b"), ("undo", "#e45756"),
    ]

    static func colour(_ kind: String) -> String {
        switch kind {
        case "write-file": return colour("edit-file")
        case "uninstall", "snapshot": return colour("command")
        default: return legend.first { $0.0 == kind }?.1 ?? "#bab0ac"
        }
    }

    /// A round tick step (1, 2 or 5 times a power of ten) giving at most about ten ticks.
    static func tickStep(_ total: Double) -> Double {
        let raw = total / 8
        let power = pow(10, floor(log10(raw)))
        for factor in [1.0, 2.0, 5.0, 10.0] where raw <= factor * power { return factor * power }
        return 10 * power
    }

    static func tickLabel(_ value: Double, step: Double) -> String {
        step >= 1 ? String(format: "%.0f s", value) : String(format: "%.\(Int(-floor(log10(step))))f s", value)
    }

    static func n(_ value: Double) -> String { String(format: "%.1f", value) }

    /// Journal text (node output included) for XML: control characters shown escaped first.
    static func text(_ s: String) -> String { xml(RunTableRenderer.printable(s)) }

    /// XML's five special characters as entities; the table's text is printable already.
    static func xml(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
