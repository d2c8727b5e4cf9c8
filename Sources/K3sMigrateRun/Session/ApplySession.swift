import Foundation
import Synchronization
import K3sMigrateCore

/// One `apply`: facts over SSH, the plan, confirmation, then the executor, on one SSH session per
/// host for the whole run. The command line only renders events and maps the result to an exit code.
public final class ApplySession: Sendable {
    let request: ApplyRequest
    let events: @Sendable (ExecutionEvent) -> Void
    let stop = StopSignal()

    public init(request: ApplyRequest, events: @escaping @Sendable (ExecutionEvent) -> Void) {
        self.request = request
        self.events = events
    }

    /// SIGINT/SIGTERM: no new step starts; in-flight steps finish; the journal is written.
    public func requestStop() { stop.fire() }

    /// `confirm` is asked (only when the plan has steps that can't be undone and `--yes` was not
    /// given) whether to go on; it returns false when nobody can answer (no terminal).
    public func run(confirm: @Sendable (Plan) -> Bool) async -> SessionResult {
        let parsed: ParsedInventory
        do { parsed = try FleetInput.loadInventory(request.fleet.inventoryPath) } catch { return .refused(error.diagnostics) }
        let connections = FleetConnections(inventory: parsed.inventory, maxParallel: request.fleet.maxParallel)
        let result = await run(parsed: parsed, connections: connections, confirm: confirm)
        await connections.closeAll()
        return result
    }

    private func run(parsed: ParsedInventory, connections: FleetConnections, confirm: @Sendable (Plan) -> Bool) async -> SessionResult {
        let runID: String
        let plan: Plan
        var resumeEntries: [JournalEntry]?
        do {
            if let resume = request.resumeRunID {
                runID = resume
                plan = try Journal.savedPlan(runID: resume, stateDir: request.stateDirectory)
                resumeEntries = try Journal.read(runID: resume, stateDir: request.stateDirectory)
            } else {
                runID = RunID.make()
                let input = try await FleetInput.load(request.fleet, connections: connections)
                guard let playbookName = request.playbook else {
                    return .refused([.error("usage", "apply needs -p PLAYBOOK, a saved plan file, or --resume ID")])
                }
                let playbook = try PlaybookLocator.load(playbookName)
                plan = try Planner.plan(inventory: input.inventory, playbook: playbook, facts: input.facts,
                                        options: request.planOptions)
            }
        } catch {
            return .refused(error.diagnostics)
        }
        guard plan.hasChanges else {
            events(.runFinished(.nothingToDo))
            return .finished(runID: runID, outcome: .nothingToDo)
        }
        if !plan.irreversibleSteps.isEmpty, !request.yes, !request.dryRun, !confirm(plan) {
            let ids = plan.irreversibleSteps.map(\.id).joined(separator: ", ")
            return .refused([.error("confirmation-needed", "steps that cannot be undone need confirmation (--yes when unattended): \(ids)")])
        }

        let hosts: [String: any RemoteHost]
        do {
            hosts = try await sessions(for: plan, inventory: parsed.inventory, connections: connections)
        } catch {
            return .refused(error.diagnostics)
        }
        let servers = parsed.inventory.servers.map(\.name).filter { hosts[$0] != nil }
        let options = ExecutorOptions(runID: runID, dryRun: request.dryRun, rollbackOnFailure: request.rollbackOnFailure,
                                      maxFailures: request.maxFailures, confirmedIrreversible: request.yes,
                                      healthPollInterval: request.healthPollInterval, clusterServers: servers)
        let executor = Executor(plan: plan, hosts: hosts, options: options,
                                journal: Journal(runID: runID, stateDir: request.stateDirectory),
                                resumeFrom: resumeEntries, events: events)
        stop.onFire { executor.requestStop() }
        let outcome = await executor.run()
        return .finished(runID: runID, outcome: outcome)
    }

    /// `k3smigrate rollback ID`: undo what a finished or interrupted run changed.
    public func rollback(runID: String) async -> SessionResult {
        let parsed: ParsedInventory
        do { parsed = try FleetInput.loadInventory(request.fleet.inventoryPath) } catch { return .refused(error.diagnostics) }
        let connections = FleetConnections(inventory: parsed.inventory, maxParallel: request.fleet.maxParallel)
        do {
            let plan = try Journal.savedPlan(runID: runID, stateDir: request.stateDirectory)
            let hosts = try await sessions(for: plan, inventory: parsed.inventory, connections: connections)
            let servers = parsed.inventory.servers.map(\.name).filter { hosts[$0] != nil }
            let options = ExecutorOptions(runID: runID, healthPollInterval: request.healthPollInterval, clusterServers: servers)
            let report = try await Executor.rollback(runID: runID, stateDir: request.stateDirectory, plan: plan, hosts: hosts,
                                                     options: options, events: events)
            await connections.closeAll()
            return .rolledBack(runID: runID, report: report)
        } catch {
            await connections.closeAll()
            return .refused(error.diagnostics)
        }
    }

    /// Sessions for every host of the plan plus every server (health gates ask a server).
    private func sessions(for plan: Plan, inventory: Inventory, connections: FleetConnections) async throws(DiagnosticsError) -> [String: any RemoteHost] {
        let names = Set(plan.steps.compactMap(\.host))
        let wanted = inventory.hosts.filter { names.contains($0.name) || $0.role == .server }
        var hosts: [String: any RemoteHost] = [:]
        var problems: [Diagnostic] = []
        await withTaskGroup(of: (String, Result<any RemoteHost, any Error>).self) { group in
            for host in wanted {
                group.addTask {
                    do { return (host.name, .success(try await connections.session(for: host))) } catch { return (host.name, .failure(error)) }
                }
            }
            for await (name, result) in group {
                switch result {
                case .success(let session): hosts[name] = session
                case .failure(let error) where names.contains(name):
                    problems.append(.error("unreachable", host: name, "cannot connect: \(error)"))
                case .failure: break
                }
            }
        }
        guard problems.isEmpty else { throw DiagnosticsError(problems) }
        return hosts
    }
}

/// A one-shot signal that can be fired before or after its handler is set.
final class StopSignal: Sendable {
    private let state = Mutex<(fired: Bool, handler: (@Sendable () -> Void)?)>((false, nil))

    func fire() {
        let handler = state.withLock { value -> (@Sendable () -> Void)? in
            value.fired = true
            return value.handler
        }
        handler?()
    }

    func onFire(_ handler: @escaping @Sendable () -> Void) {
        let fired = state.withLock { value -> Bool in
            value.handler = handler
            return value.fired
        }
        if fired { handler() }
    }
}
