import Foundation
@testable import K3sMigrateRun
import K3sMigrateCore

/// One executor run against simulated hosts, with its journal in a temporary state directory.
struct ApplyRun {
    let plan: Plan
    let hosts: [String: SimulatedHost]
    let state: TemporaryStateDirectory
    let recorder = EventRecorder()
    var options: ExecutorOptions

    init(plan: Plan, hosts: [String: SimulatedHost], runID: String, state: TemporaryStateDirectory = TemporaryStateDirectory(),
         configure: (inout ExecutorOptions) -> Void = { _ in }) {
        self.plan = plan
        self.hosts = hosts
        self.state = state
        var options = ExecutorOptions(runID: runID, healthPollInterval: 0, environment: [:])
        configure(&options)
        self.options = options
    }

    var journal: Journal { Journal(runID: options.runID, stateDir: state.path) }

    func executor(resumeFrom entries: [JournalEntry]? = nil) -> Executor {
        Executor(plan: plan, hosts: hosts.remote, options: options, journal: journal, resumeFrom: entries, events: recorder.sink)
    }

    func run() async -> ExecutionOutcome { await executor().run() }
}
