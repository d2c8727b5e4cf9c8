import Foundation
import K3sMigrateRun

/// Prints executor events: one line each as text, or one JSON object per line.
struct EventOutput: Sendable {
    let format: TextOrJSON
    let palette: Palette

    init(format: TextOrJSON, palette: Palette) {
        self.format = format
        self.palette = palette
    }

    var emit: @Sendable (ExecutionEvent) -> Void {
        let format = self.format, palette = self.palette
        let runID = LockedValue("")  // learnt from the first event, for JSON lines
        // On a terminal, text output keeps a live status line under the scrolling events.
        let live = format == .text && isatty(STDOUT_FILENO) == 1 ? LockedValue(LiveProgress()) : nil
        return { event in
            if case .runStarted(let start) = event { runID.set(start.runID) }
            let line: String?
            switch format {
            case .json: line = EventJSONRenderer.render(event, runID: runID.get())
            case .text: line = EventLineRenderer.render(event, palette: palette)
            }
            if let live {
                let width = TerminalWidth.columns()
                live.update { progress in
                    FileHandle.standardOutput.write(Data(progress.render(event, line: line, width: width).utf8))
                }
                return
            }
            guard let line else { return }
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
    }
}
