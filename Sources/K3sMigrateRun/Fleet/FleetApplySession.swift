import Foundation
import Synchronization
import K3sMigrateCore

/// `apply -i DIR`: every cluster of the fleet (or of its shard) gets today's single-cluster
/// run, with its own locks, journal, run id and rollback, a few clusters at a time within the
/// session budget; the canary wave first, then each wave only once the previous one has
/// finished. Once more clusters failed than the budget allows, no new cluster starts (running
/// ones finish, each failed one rolled back on its own). The fleet run has a journal of its own
/// and resumes from it after a crash.
public final class FleetApplySession: Sendable {
    let request: FleetApplyRequest
    let clusterEvents: @Sendable (_ cluster: String, _ clusterRun: String, ExecutionEvent) -> Void
    let fleetEvents: @Sendable (_ fleetRun: String, FleetEvent) -> Void
    let notices: @Sendable (_ cluster: String?, [Diagnostic]) -> Void
    private let state = Mutex<(stopped: Bool, running: [String: ApplySession])>((false, [:]))

    public init(request: FleetApplyRequest,
                clusterEvents: @escaping @Sendable (_ cluster: String, _ clusterRun: String, ExecutionEvent) -> Void,
                fleetEvents: @escaping @Sendable (_ fleetRun: String, FleetEvent) -> Void,
                notices: @escaping @Sendable (_ cluster: String?, [Diagnostic]) -> Void) {
        self.request = request
        self.clusterEvents = clusterEvents
        self.fleetEvents = fleetEvents
        self.notices = notices
    }

    /// SIGINT/SIGTERM: no new cluster starts; every running cluster stops as a single run does.
    public func requestStop() {
        let running = state.withLock { value -> [ApplySession] in
            value.stopped = true
            return Array(value.running.values)
        }
        for session in running { session.requestStop() }
    }

    private var isStopped: Bool { state.withLock { $0.stopped } }

    public func run() async -> Result<FleetApplyResult, DiagnosticsError> {
        let prepared: Prepared
        do { prepared = try prepare() } catch { return .failure(error) }
        let journal = FleetJournal(runID: prepared.runID, stateDir: request.cluster.stateDirectory)
        let emit: @Sendable (FleetEvent) -> Void = { [fleetEvents, notices] event in
            if let problem = journal.record(event) { notices(nil, [.warning("journal", "fleet journal not written: \(problem)")]) }
            fleetEvents(prepared.runID, event)
        }
        emit(prepared.resumed == nil ? .started(prepared.start) : .resumed(runID: prepared.runID))

        let total = prepared.start.waves.reduce(0) { $0 + $1.count }
        let progress = FleetProgress(prepared.resumed?.finished.filter { $0.value.outcome.isFinal } ?? [:])
        let budget = SessionBudget(limit: request.maxSessions)
        /// Checked before each cluster starts: false once stopped or once the budget is exceeded.
        let mayStart: @Sendable () -> Bool = { [self] in
            guard !isStopped else { return false }
            let failed = progress.failed
            guard prepared.start.budget.isExceeded(failed: failed, total: total) else { return true }
            if progress.markExceeded() { emit(.budgetExceeded(failed: failed, allowed: prepared.start.budget.allowed(of: total))) }
            return false
        }

        for (index, wave) in prepared.start.waves.enumerated() {
            let pending = wave.filter { progress.result(for: $0) == nil }
            guard !pending.isEmpty else { continue }
            guard mayStart() else { break }
            emit(.waveStarted(index: index, count: prepared.start.waves.count, clusters: pending))
            await withTaskGroup(of: Void.self) { group in
                var queue = pending[...]
                var running = 0
                while let name = queue.first, running < max(1, request.clustersParallel), mayStart() {
                    queue.removeFirst()
                    running += 1
                    group.addTask {
                        let result = await self.runCluster(name, wave: index, prepared: prepared, budget: budget, emit: emit)
                        progress.record(result)
                        emit(.clusterFinished(result))
                    }
                }
                while await group.next() != nil {
                    guard let name = queue.first, mayStart() else { continue }
                    queue.removeFirst()
                    group.addTask {
                        let result = await self.runCluster(name, wave: index, prepared: prepared, budget: budget, emit: emit)
                        progress.record(result)
                        emit(.clusterFinished(result))
                    }
                }
            }
        }
        let clusters = prepared.start.waves.flatMap { $0 }.sorted().map { name in
            progress.result(for: name) ?? ClusterRunResult(cluster: name, file: prepared.fleet.cluster(named: name)?.file ?? "",
                                                           runID: nil, outcome: .notStarted, seconds: 0, detail: nil)
        }
        let result = FleetApplyResult(fleetRunID: prepared.runID, clusters: clusters, interrupted: isStopped,
                                      budgetExceeded: progress.exceeded)
        emit(.finished(result))
        return .success(result)
    }

    // MARK: preparing

    struct Prepared: Sendable {
        var runID: String
        var fleet: FleetInventory
        var start: FleetStart
        var resumed: FleetJournal.State?
        /// Every cluster's run carries these (playbook, --set, --limit, ...).
        var template: ApplyRequest
    }

    /// A new fleet run from the directory, or the one `--resume` names, exactly as it was asked.
    private func prepare() throws(DiagnosticsError) -> Prepared {
        var template = request.cluster
        if let resume = request.resumeFleetRunID {
            let state = try FleetJournal.read(runID: resume, stateDir: request.cluster.stateDirectory)
            let fleet = try FleetDirectory.load(state.start.directory)
            template.playbook = state.start.playbook
            template.planOptions = PlanOptions(agentBatchSize: state.start.agentBatchSize, limit: state.start.limit)
            template.fleet.limit = state.start.limit
            template.maxFailures = state.start.maxFailures
            template.rollbackOnFailure = state.start.rollbackOnFailure
            template.dryRun = state.start.dryRun
            template.settingOverrides = try SettingOverride.parse(state.start.settingOverrideWords)
            template.resumeRunID = nil
            template.planFile = nil
            return Prepared(runID: resume, fleet: fleet, start: state.start, resumed: state, template: template)
        }
        guard let playbook = template.playbook else {
            throw DiagnosticsError([.error("usage", "apply -i DIR needs -p PLAYBOOK or --resume FLEET_RUN_ID")])
        }
        // Refuse a bad playbook or --set once, before any cluster is touched.
        _ = try PlaybookLocator.load(playbook).overriding(template.settingOverrides)
        let fleet = try FleetDirectory.load(request.directory).restricted(to: request.shard)
        let start = FleetStart(directory: fleet.directory, shard: request.shard, playbook: playbook, dryRun: template.dryRun,
                               waves: WavePlan.waves(fleet.names, canary: request.canary, sizes: request.waves),
                               budget: request.budget, limit: template.fleet.limit,
                               agentBatchSize: template.planOptions.agentBatchSize, maxFailures: template.maxFailures,
                               rollbackOnFailure: template.rollbackOnFailure, settingOverrideWords: request.settingOverrideWords)
        for cluster in fleet.clusters { notices(cluster.name, cluster.warnings) }
        return Prepared(runID: RunID.make(), fleet: fleet, start: start, resumed: nil, template: template)
    }

    // MARK: one cluster

    private func runCluster(_ name: String, wave: Int, prepared: Prepared, budget: SessionBudget,
                            emit: @Sendable (FleetEvent) -> Void) async -> ClusterRunResult {
        guard let cluster = prepared.fleet.cluster(named: name) else {
            return ClusterRunResult(cluster: name, file: "", runID: nil, outcome: .refused, seconds: 0,
                                    detail: "cluster \(name) is no longer in \(prepared.fleet.directory)")
        }
        var request = prepared.template
        request.fleet.inventoryPath = cluster.file
        let clusterRun: String
        var resuming = false
        if let earlier = prepared.resumed?.started[name] {
            clusterRun = earlier
            // The cluster's own journal knows more than the fleet's when the crash came between.
            if let outcome = FleetApplySession.finishedOutcome(runID: earlier, stateDir: request.stateDirectory) {
                return ClusterRunResult(cluster: name, file: cluster.file, runID: earlier, outcome: outcome, seconds: 0,
                                        detail: "finished before the fleet run was resumed")
            }
            if (try? Journal.savedPlan(runID: earlier, stateDir: request.stateDirectory)) != nil {
                request.resumeRunID = earlier
                resuming = true
            } else {
                request.runID = earlier
            }
        } else {
            let index = prepared.fleet.names.firstIndex(of: name) ?? 0
            clusterRun = "\(prepared.runID)-c\(index + 1)"
            request.runID = clusterRun
        }
        let permits = await budget.acquire(FleetInput.factHosts(cluster.inventory, limit: request.fleet.limit).count)
        let started = ContinuousClock.now
        emit(.clusterStarted(cluster: name, runID: clusterRun, wave: wave, resuming: resuming))
        let session = ApplySession(request: request, events: { [clusterEvents] in clusterEvents(name, clusterRun, $0) },
                                   notices: { [notices] in notices(name, $0) })
        let stopNow = state.withLock { value -> Bool in
            value.running[name] = session
            return value.stopped
        }
        if stopNow { session.requestStop() }
        // Prompts can't be answered for many clusters at once: steps that can't be undone need --yes.
        let result = await session.run(confirm: { _ in false })
        _ = state.withLock { $0.running.removeValue(forKey: name) }
        await budget.release(permits)
        let elapsed = ContinuousClock.now - started
        let (outcome, detail) = ClusterRunResult.outcome(of: result, cluster: name)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return ClusterRunResult(cluster: name, file: cluster.file, runID: clusterRun, outcome: outcome, seconds: seconds, detail: detail)
    }

    /// The outcome a cluster run's own journal records, unless it was interrupted or never ended.
    static func finishedOutcome(runID: String, stateDir: String) -> ClusterOutcome? {
        guard let entries = try? Journal.read(runID: runID, stateDir: stateDir) else { return nil }
        var outcome: ClusterOutcome?
        for entry in entries {
            if entry.kind == .runFinished {
                switch entry.outcome {
                case "nothing-to-do": outcome = .nothingToDo
                case "succeeded": outcome = .done
                case "succeeded-except": outcome = entry.remaining.isEmpty ? .partlyRolledBack : .rollbackIncomplete
                case "failed-before-changes": outcome = .refused
                case "rolled-back": outcome = .rolledBack
                case "rollback-incomplete", "failed-no-rollback": outcome = .rollbackIncomplete
                default: outcome = nil
                }
            }
        }
        return outcome
    }
}

/// The clusters finished so far and whether the budget ran out, shared by the wave's tasks.
final class FleetProgress: Sendable {
    private let state: Mutex<(results: [String: ClusterRunResult], exceeded: Bool)>

    init(_ results: [String: ClusterRunResult]) { state = Mutex((results, false)) }

    func record(_ result: ClusterRunResult) { state.withLock { $0.results[result.cluster] = result } }
    func result(for cluster: String) -> ClusterRunResult? { state.withLock { $0.results[cluster] } }
    var failed: Int { state.withLock { $0.results.values.filter(\.outcome.isFailure).count } }
    var exceeded: Bool { state.withLock { $0.exceeded } }

    /// True the first time only.
    func markExceeded() -> Bool {
        state.withLock { value in
            defer { value.exceeded = true }
            return !value.exceeded
        }
    }
}
