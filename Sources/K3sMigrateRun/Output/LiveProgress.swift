import K3sMigrateCore

/// The live view on a terminal: event lines scroll as usual, and one status line stays at the
/// bottom with the progress count and what each busy host is doing, redrawn on every event.
public struct LiveProgress: Sendable {
    private var total = 0
    private var finished = 0
    /// Host (or `*` for barriers) -> the step it is running, in the order they started.
    private var running: [(host: String, step: String)] = []
    private var phase = "starting"

    public init() {}

    /// Updates the state from an event.
    public mutating func observe(_ event: ExecutionEvent) {
        switch event {
        case .runStarted(let start):
            total = start.steps
            phase = start.dryRun ? "dry run" : "applying"
        case .stepStarted(let step):
            running.append((step.host ?? "*", step.kind.rawValue))
        case .stepFinished(let step, _):
            finished += 1
            if let index = running.firstIndex(where: { $0.host == (step.host ?? "*") && $0.step == step.kind.rawValue }) {
                running.remove(at: index)
            }
        case .rollbackStarted:
            phase = "rolling back"
            running.removeAll()
        case .undoStarted(let step):
            running.append((step.host ?? "*", "undo \(step.kind.rawValue)"))
        case .undoFinished(let step, _):
            if let index = running.firstIndex(where: { $0.host == (step.host ?? "*") }) { running.remove(at: index) }
        case .stopRequested:
            phase = "stopping"
        case .runFinished:
            running.removeAll()
            phase = "done"
        default:
            break
        }
    }

    /// The status line, cut to `width` columns.
    public func statusLine(width: Int) -> String {
        let busy = running.filter { $0.host != "*" }.map { "\($0.host): \($0.step)" }
        var line = "[\(finished)/\(total)] \(phase)"
        if !busy.isEmpty { line += " | " + busy.joined(separator: ", ") }
        guard line.count > width, width > 1 else { return line }
        return String(line.prefix(width - 1)) + "…"
    }

    /// What to write for an event: clear the status line, the event's own line (if any), the new
    /// status line (no newline, so the next redraw replaces it).
    public mutating func render(_ event: ExecutionEvent, line: String?, width: Int) -> String {
        observe(event)
        var out = "\r\u{1B}[2K"
        if let line { out += line + "\n" }
        if case .runFinished = event { return out }
        return out + statusLine(width: width)
    }
}
