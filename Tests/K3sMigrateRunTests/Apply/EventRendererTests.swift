import Testing
import Foundation
@testable import K3sMigrateRun
import K3sMigrateCore

@Suite("Event renderers")
struct EventRendererTests {
    let step = Step(id: "s1/restart", host: "s1", role: .server, kind: .restart, title: "restart k3s", changes: true,
                    action: .run(ShellCommand("systemctl", "restart", "k3s")), undo: .repeatAfterRestore)
    let start = Date(timeIntervalSince1970: 1_700_000_000)

    @Test("one line per event, naming the host, the step kind and what happened")
    func lines() {
        let ok = StepResult(status: .ok, summary: "ran `systemctl restart k3s`", startedAt: start, endedAt: start.addingTimeInterval(2.5))
        #expect(EventLineRenderer.render(.stepFinished(step, ok)) == "[s1] ok restart: ran `systemctl restart k3s` (2.5s)")
        #expect(EventLineRenderer.render(.stepStarted(step)) == "[s1] start restart: restart k3s")
        let failure = StepFailure(stepID: "s1/health", host: "s1", kind: .healthGate, rule: "health", message: "host s1: not healthy")
        #expect(EventLineRenderer.render(.runFinished(.rolledBack(failure: failure))) == "failed and rolled back: s1/health: host s1: not healthy")
        #expect(EventLineRenderer.render(.runFinished(.failedBeforeChanges([failure.diagnostic])))
                == "failed before any change:\n  error: host s1: not healthy [health]")
        for event in [ExecutionEvent.stepFinished(step, ok), .stepStarted(step), .runFinished(.succeeded)] {
            #expect(EventLineRenderer.render(event)?.contains("\n") == false)
        }
        let barrier = Step(id: "@b", host: nil, role: nil, kind: .barrier, title: "b", changes: false, action: .none)
        #expect(EventLineRenderer.render(.stepStarted(barrier)) == nil)
    }

    @Test("JSON: one object per line with type, run and time, fields as the journal has them")
    func json() throws {
        let result = StepResult(status: .failed, summary: "exit 1 token: abc", output: "K3S_TOKEN=xyz",
                                startedAt: start, endedAt: start)
        let line = EventJSONRenderer.render(.stepFinished(step, result), runID: "r1", time: start)
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["type"] as? String == "step-finished" && object["run"] as? String == "r1")
        #expect(object["time"] as? String == "2023-11-14T22:13:20.000Z")
        #expect(object["step"] as? String == "s1/restart" && object["result"] as? String == "failed")
        #expect(object["summary"] as? String == "exit 1 token: [redacted]")
        #expect(object["output"] as? String == "K3S_TOKEN=[redacted]")
        let entry = try #require(JournalEntry(line: line))
        #expect(entry.kind == .stepFinished && entry.result == .failed && entry.stepID == "s1/restart" && entry.startedAt == start)
    }
}
