import Testing
@testable import K3sMigrateRun
import K3sMigrateCore

@Suite("Scheduling")
struct ScheduleStateTests {
    func step(_ id: String, _ host: String?, after: [String] = [], kind: StepKind = .command) -> Step {
        Step(id: id, host: host, role: .agent, kind: host == nil ? .barrier : kind, title: id, changes: true,
             action: host == nil ? .none : .run(ShellCommand("true")), dependsOn: after)
    }

    @Test("independent steps on different hosts start together; a dependent waits")
    func parallel() {
        var state = ScheduleState(steps: [step("@go", nil), step("a1/restart", "a1", after: ["@go"]),
                                          step("a2/restart", "a2", after: ["@go"]), step("@done", nil, after: ["a1/restart", "a2/restart"])])
        #expect(state.next(limit: 10).start.map(\.id) == ["@go"])
        state.finish("@go", satisfied: true)
        #expect(state.next(limit: 10).start.map(\.id) == ["a1/restart", "a2/restart"])
        state.finish("a1/restart", satisfied: true)
        #expect(state.next(limit: 10).start.isEmpty, "the barrier waits for a2")
        state.finish("a2/restart", satisfied: true)
        #expect(state.next(limit: 10).start.map(\.id) == ["@done"])
        state.finish("@done", satisfied: true)
        #expect(state.allFinished)
    }

    @Test("at most one step runs per host, in plan order")
    func onePerHost() {
        var state = ScheduleState(steps: [step("s1/backup:a", "s1"), step("s1/backup:b", "s1"), step("s2/backup:a", "s2")])
        #expect(state.next(limit: 10).start.map(\.id) == ["s1/backup:a", "s2/backup:a"])
        #expect(state.next(limit: 10).start.isEmpty)
        state.finish("s1/backup:a", satisfied: true)
        #expect(state.next(limit: 10).start.map(\.id) == ["s1/backup:b"])
    }

    @Test("the concurrency limit holds; the rest start as running steps finish")
    func limit() {
        var state = ScheduleState(steps: (1...5).map { step("a\($0)/restart", "a\($0)") })
        let first = state.next(limit: 2).start.map(\.id)
        #expect(first.count == 2 && state.running == 2)
        state.finish(first[0], satisfied: true)
        #expect(state.next(limit: 1).start.count == 1)
        #expect(state.running == 2)
    }

    @Test("a failed step holds back its dependents; a skipped host's steps are skipped and let others go on")
    func failureAndSkip() {
        var state = ScheduleState(steps: [step("a1/restart", "a1"), step("a1/health", "a1", after: ["a1/restart"]),
                                          step("a2/restart", "a2"), step("a2/health", "a2", after: ["a2/restart"]),
                                          step("@batch", nil, after: ["a1/health", "a2/health"])])
        _ = state.next(limit: 10)
        state.finish("a1/restart", satisfied: false)
        state.skipHost("a2")
        state.finish("a2/restart", satisfied: true)
        let next = state.next(limit: 10)
        #expect(next.skipped.map(\.id) == ["a2/health"])
        #expect(next.start.isEmpty, "@batch still waits for a1, which failed")
        #expect(!state.allFinished)
    }

    @Test("resuming: finished steps never start; nothing but preflight starts before every preflight passed")
    func resume() {
        let steps = [step("s1/preflight", "s1", kind: .preflight), step("a1/preflight", "a1", kind: .preflight),
                     step("s1/edit", "s1", after: ["s1/preflight"]), step("s1/restart", "s1", after: ["s1/edit"]),
                     step("a1/restart", "a1", after: ["s1/restart"])]
        var state = ScheduleState(steps: steps, done: ["s1/preflight", "s1/edit"], preflightFirst: true)
        #expect(state.next(limit: 10).start.map(\.id) == ["s1/preflight", "a1/preflight"])
        state.finish("s1/preflight", satisfied: true)
        #expect(state.next(limit: 10).start.isEmpty, "a1's preflight still runs")
        state.finish("a1/preflight", satisfied: true)
        #expect(state.next(limit: 10).start.map(\.id) == ["s1/restart"])
    }
}
