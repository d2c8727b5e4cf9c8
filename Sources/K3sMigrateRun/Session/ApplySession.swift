import Foundation
import Synchronization
import K3sMigrateCore

/// One `apply`: facts over SSH, the plan, confirmation, then the executor, on one SSH session per
/// host for the whole run. The command line only renders events and maps the result to an exit code.
public final class ApplySession: Sendable {
    let request: ApplyRequest
    let events: @Sendable (ExecutionEvent) -> Void
    let notices: @Sendable ([Diagnostic]) -> Void
    let stop = StopSignal()

    /// `notices` receives warnings that are not executor events (stale locks replaced, lost heartbeats).
    public init(request: ApplyRequest, events: @escaping @Sendable (ExecutionEvent) -> Void,
                notices: @escaping @Sendable ([Diagnostic]) -> Void = { _ in }) {
        self.request = request
        self.events = events
        self.notices = notices
    }

    /// SIGINT/SIGTERM: no new step starts; in-flight steps finish; the journal is written.
    public func requestStop() { stop.fire() }

    /// `confirm` is asked (only when the plan has steps that can't be undone and `--yes` was not
    /// given) whether to go on; it returns false when nobody can answer (no terminal).
    public func run(confirm: @Sendable (Plan) -> Bool) async -> SessionResult {
        let parsed: ParsedInventory
        do { parsed = try FleetInput.loadInventory(request.fleet.inventoryPath) } catch { return .refused(error.diagnostics) }
        let connections = FleetConnections(inventory: parsed.inventory, maxParallel: request.fleet.maxParallel, rider: factsRider())
        let result = await run(parsed: parsed, connections: connections, confirm: confirm)
        await connections.closeAll()
        return result
    }

    private func run(parsed: ParsedInventory, connections: FleetConnections, confirm: @Sendable (Plan) -> Bool) async -> SessionResult {
        let runID = request.resumeRunID ?? request.runID ?? RunID.make()
        let owner = LockOwner.current(runID: runID, cluster: parsed.inventory.cluster)
        var localLock: LocalClusterLock?
        var resumed: (record: SavedPlan, entries: [JournalEntry])?
        var hostLocks: HostLockSet?
        do {
            if !request.dryRun {
                localLock = try LocalClusterLock.acquire(owner: owner, stateDir: request.stateDirectory)
            }
            if let resume = request.resumeRunID {
                resumed = (try Journal.savedPlan(runID: resume, stateDir: request.stateDirectory),
                           try Journal.read(runID: resume, stateDir: request.stateDirectory))
            }
            if !request.dryRun {
                // Every targeted host is locked before its facts are read, so a second controller is
                // refused however far this run has got.
                let targets = resumed.map { Set($0.record.plan.changedHosts) }
                    ?? Set(parsed.inventory.hosts(matching: request.fleet.limit).map(\.name))
                hostLocks = try await lockHosts(parsed.inventory.hosts.filter { targets.contains($0.name) },
                                                connections: connections, owner: owner,
                                                resuming: resumed != nil || request.runID != nil)
                notices(hostLocks?.notes ?? [])
            }
        } catch {
            localLock?.release()
            return .refused(error.diagnostics)
        }
        let heartbeat = hostLocks?.startHeartbeat(every: .seconds(30), local: localLock, onProblem: notices)
        let result = await plan(runID: runID, resumed: resumed, inventory: parsed.inventory, connections: connections, confirm: confirm)
        await heartbeat?.stop()
        if let hostLocks { notices(await hostLocks.release()) }
        localLock?.release()
        return result
    }

    /// One round trip per host before planning: the facts script rides along with the command that
    /// takes the host lock (right after it, so facts are read under the lock). Not on resume (no
    /// facts are gathered) or in a dry run (no lock: the facts script is the first command anyway).
    private func factsRider() -> @Sendable (K3sMigrateCore.Host) -> ShellCommand? {
        guard request.resumeRunID == nil, !request.dryRun else { return { _ in nil } }
        var firewall = request.fleet.firewall
        if request.planFile == nil, let name = request.playbook, let playbook = try? PlaybookLocator.load(name) {
            firewall = firewall || playbook.needsFirewallFacts
        }
        return { [firewall] host in FactsScript.command(externalIP: host.externalIP, firewall: firewall) }
    }

    /// Plans (or takes the resumed plan), asks for confirmation where needed, and executes.
    private func plan(runID: String, resumed: (record: SavedPlan, entries: [JournalEntry])?, inventory: Inventory,
                      connections: FleetConnections, confirm: @Sendable (Plan) -> Bool) async -> SessionResult {
        let plan: Plan
        let record: SavedPlan
        var facts: FleetFacts?
        do {
            if let resumed {
                // Preflight runs in full on resume: the live facts were read before the backups.
                (plan, record) = try await resumePlan(runID: runID, record: resumed.record, entries: resumed.entries,
                                                      connections: connections)
            } else {
                (plan, record, facts) = try await makePlan(connections: connections)
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
            hosts = try await sessions(for: plan, inventory: inventory, connections: connections)
        } catch {
            return .refused(error.diagnostics)
        }
        let servers = inventory.servers.map(\.name).filter { hosts[$0] != nil }
        let options = ExecutorOptions(runID: runID, dryRun: request.dryRun, rollbackOnFailure: request.rollbackOnFailure,
                                      maxFailures: request.maxFailures, confirmedIrreversible: request.yes,
                                      healthPollInterval: request.healthPollInterval,
                                      // A whole agent batch restarts and polls at once, and preflight runs on as
                                      // many hosts as facts were gathered from at once.
                                      maxConcurrentSteps: max(32, request.planOptions.agentBatchSize, request.fleet.maxParallel),
                                      clusterServers: servers)
        let executor = Executor(plan: plan, hosts: hosts, options: options,
                                journal: Journal(runID: runID, stateDir: request.stateDirectory, record: record),
                                resumeFrom: resumed?.entries, facts: facts, events: events)
        stop.onFire { executor.requestStop() }
        return .finished(runID: runID, outcome: await executor.run())
    }

    /// Facts over SSH and a fresh plan; or a saved plan made again from live facts and its
    /// inputs, refused if anything it depends on drifted or any step differs from the saved one.
    /// The facts come back too: preflight takes from them what they already answer.
    private func makePlan(connections: FleetConnections) async throws(DiagnosticsError) -> (Plan, SavedPlan, FleetFacts) {
        if let planFile = request.planFile {
            let saved = try SavedPlan.read(from: planFile)
            let inventoryText = try TextFile.read(request.fleet.inventoryPath)
            let inventoryDrift = saved.inventoryDrift(inventoryText: inventoryText)
            guard inventoryDrift.isEmpty else { throw DiagnosticsError(inventoryDrift) }
            let (input, playbook) = try await inputs(of: saved, planFile: planFile, connections: connections)
            let drift = saved.drift(against: input.facts)
            guard drift.isEmpty else { throw DiagnosticsError(drift) }
            let derived = try Planner.plan(inventory: input.inventory, playbook: playbook, facts: input.facts, options: saved.options)
            try saved.verify(derived)
            return (derived, saved, input.facts)
        }
        guard let playbookName = request.playbook else {
            throw DiagnosticsError([.error("usage", "apply needs -p PLAYBOOK, a saved plan file, or --resume ID")])
        }
        let playbook = try PlaybookLocator.load(playbookName).overriding(request.settingOverrides)
        var fleet = request.fleet
        fleet.firewall = fleet.firewall || playbook.needsFirewallFacts
        let input = try await FleetInput.load(fleet, connections: connections)
        let plan = try Planner.plan(inventory: input.inventory, playbook: playbook, facts: input.facts, options: request.planOptions)
        let record = SavedPlan.make(plan: plan, facts: input.facts, inventory: input.inventory,
                                    inventoryText: try TextFile.read(request.fleet.inventoryPath), options: request.planOptions,
                                    playbookSource: playbookName, settingOverrides: request.settingOverrides)
        return (plan, record, input.facts)
    }

    /// A resumed run's plan: made again from the live facts (files its finished steps changed
    /// read back from their backups) and the journal's inputs, each step not yet done checked
    /// against the recorded digest. The journal holds no file contents, so this is the only way.
    private func resumePlan(runID: String, record: SavedPlan, entries: [JournalEntry],
                            connections: FleetConnections) async throws(DiagnosticsError) -> (Plan, SavedPlan) {
        let inventoryDrift = record.inventoryDrift(inventoryText: try TextFile.read(request.fleet.inventoryPath))
        guard inventoryDrift.isEmpty else { throw DiagnosticsError(inventoryDrift) }
        let (input, playbook) = try await inputs(of: record, planFile: nil, connections: connections)
        let done = ResumePoint(entries: entries).done
        let names = Set(record.plan.steps.compactMap(\.host))
        let (sessions, problems) = await connections.sessions(for: input.inventory.hosts.filter { names.contains($0.name) })
        guard problems.isEmpty else { throw DiagnosticsError(problems) }
        let facts = try await ResumeFacts.original(input.facts, plan: record.plan, done: done, runID: runID, hosts: sessions)
        let derived = try Planner.plan(inventory: input.inventory, playbook: playbook, facts: facts, options: record.options)
        return (try record.resumable(derived, done: done), record)
    }

    /// The playbook and the live facts a recorded plan was made from.
    private func inputs(of record: SavedPlan, planFile: String?,
                        connections: FleetConnections) async throws(DiagnosticsError) -> (FleetInput, Playbook) {
        guard let source = record.playbookSource else {
            let location = planFile.map { SourceLocation(file: $0) }
            throw DiagnosticsError([.error("plan-file", at: location,
                                           "the plan does not record the playbook it was made with, so it cannot be made again; make the plan again")])
        }
        let playbook = try PlaybookLocator.load(source).overriding(record.settingOverrides)
        var fleet = request.fleet
        fleet.limit = record.options.limit
        fleet.firewall = fleet.firewall || playbook.needsFirewallFacts
        return (try await FleetInput.load(fleet, connections: connections), playbook)
    }

    /// Locks `targets`. A resumed run first removes the locks its crashed attempt left (they
    /// carry the same run id; nobody else's lock is touched).
    private func lockHosts(_ targets: [K3sMigrateCore.Host], connections: FleetConnections, owner: LockOwner,
                           resuming: Bool) async throws(DiagnosticsError) -> HostLockSet {
        let (connected, problems) = await connections.sessions(for: targets)
        guard problems.isEmpty else { throw DiagnosticsError(problems) }
        let sessions = targets.compactMap { connected[$0.name] }
        if resuming {
            for session in sessions {
                _ = try? await HostLock(host: session.name, owner: owner, path: HostLock.defaultPath, note: nil).release(on: session)
            }
        }
        return try await HostLockSet.acquire(on: sessions, owner: owner, force: request.forceUnlock,
                                             maxConcurrent: max(8, request.fleet.maxParallel))
    }

    /// Sessions for every host of the plan plus every server (health gates ask a server).
    func sessions(for plan: Plan, inventory: Inventory, connections: FleetConnections) async throws(DiagnosticsError) -> [String: any RemoteHost] {
        let names = Set(plan.steps.compactMap(\.host))
        let wanted = inventory.hosts.filter { names.contains($0.name) || $0.role == .server }
        let (hosts, all) = await connections.sessions(for: wanted)
        // Untargeted servers only answer health questions: one that can't be reached is not fatal.
        let problems = all.filter { names.contains($0.host ?? "") }
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
