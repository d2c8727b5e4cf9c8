import Foundation
import Testing
@testable import K3sMigrateCore
@testable import K3sMigrateRun

@Suite("Live terminal view")
struct LiveProgressTests {
    func step(_ host: String, _ kind: StepKind) -> Step {
        Step(id: "\(host)/\(kind.rawValue)", host: host, role: .agent, kind: kind, title: "", changes: true, action: .none)
    }

    @Test("the status line counts finished steps and shows what each busy host is doing")
    func statusLine() {
        var live = LiveProgress()
        live.observe(.runStarted(RunStart(runID: "r", cluster: "c", playbook: "p", dryRun: false, resuming: false,
                                          rollbackOnly: false, steps: 10, changingSteps: 4, hosts: ["a1", "a2"])))
        live.observe(.stepStarted(step("a1", .restart)))
        live.observe(.stepStarted(step("a2", .restart)))
        #expect(live.statusLine(width: 200) == "[0/10] applying | a1: restart, a2: restart")
        live.observe(.stepFinished(step("a1", .restart), StepResult(status: .ok, summary: "", startedAt: Date(), endedAt: Date())))
        live.observe(.stepStarted(step("a1", .healthGate)))
        #expect(live.statusLine(width: 200) == "[1/10] applying | a2: restart, a1: health-gate")
        #expect(live.statusLine(width: 12) == "[1/10] appl…")
    }

    @Test("each render clears the old status line, prints the event, and redraws; the last one leaves none")
    func render() {
        var live = LiveProgress()
        let start = live.render(.runStarted(RunStart(runID: "r", cluster: "c", playbook: "p", dryRun: true, resuming: false,
                                                     rollbackOnly: false, steps: 2, changingSteps: 1, hosts: ["a1"])),
                                line: "dry run r", width: 80)
        #expect(start == "\r\u{1B}[2Kdry run r\n[0/2] dry run")
        let end = live.render(.runFinished(.succeeded), line: "succeeded", width: 80)
        #expect(end == "\r\u{1B}[2Ksucceeded\n")
    }
}
