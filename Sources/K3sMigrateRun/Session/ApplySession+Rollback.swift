import Foundation
import K3sMigrateCore

extension ApplySession {
    /// `k3smigrate rollback ID` / `rollback --last`: undo what a finished or interrupted run of
    /// the inventory's cluster changed. `runID` nil: the newest real (not dry-run) run of that
    /// cluster. Takes the same locks as apply (the local cluster lock, then a lock on every host
    /// the run changed), so a rollback never races an apply or another rollback. `dryRun`: says
    /// what would be undone from the journal alone; no lock, no host contacted, nothing written.
    public func rollback(runID requested: String?, dryRun: Bool = false) async -> SessionResult {
        let parsed: ParsedInventory
        do { parsed = try FleetInput.loadInventory(request.fleet.inventoryPath) } catch { return .refused(error.diagnostics) }
        let cluster = parsed.inventory.cluster
        let runID: String
        let plan: Plan
        do throws(DiagnosticsError) {
            runID = try RollbackTarget.pick(requested, cluster: cluster, runs: Journal.list(stateDir: request.stateDirectory),
                                            stateDir: request.stateDirectory)
            plan = try Journal.savedPlan(runID: runID, stateDir: request.stateDirectory).plan
            guard plan.cluster == cluster else {
                throw DiagnosticsError([RollbackTarget.otherCluster(runID, runCluster: plan.cluster, cluster: cluster)])
            }
            if dryRun {
                return .rolledBack(runID: runID, report: try Executor.rollbackPreview(runID: runID, stateDir: request.stateDirectory,
                                                                                        plan: plan, events: events))
            }
        } catch {
            return .refused(error.diagnostics)
        }
        let owner = LockOwner.current(runID: runID, cluster: cluster)
        let localLock: LocalClusterLock
        do { localLock = try LocalClusterLock.acquire(owner: owner, stateDir: request.stateDirectory) } catch {
            return .refused(error.diagnostics)
        }
        defer { localLock.release() }
        let connections = FleetConnections(inventory: parsed.inventory, maxParallel: request.fleet.maxParallel)
        let result = await rollback(runID: runID, plan: plan, inventory: parsed.inventory, owner: owner,
                                    local: localLock, connections: connections)
        await connections.closeAll()
        return result
    }

    private func rollback(runID: String, plan: Plan, inventory: Inventory, owner: LockOwner, local: LocalClusterLock,
                          connections: FleetConnections) async -> SessionResult {
        let hosts: [String: any RemoteHost]
        let locks: HostLockSet
        do throws(DiagnosticsError) {
            hosts = try await sessions(for: plan, inventory: inventory, connections: connections)
            let changed = Set(plan.changedHosts)
            let targets = hosts.filter { changed.contains($0.key) }.sorted { $0.key < $1.key }.map(\.value)
            // Locks a crashed attempt of this run left carry its run id: ours to remove.
            for host in targets {
                _ = try? await HostLock(host: host.name, owner: owner, path: HostLock.defaultPath, note: nil).release(on: host)
            }
            locks = try await HostLockSet.acquire(on: targets, owner: owner, force: request.forceUnlock)
            notices(locks.notes)
        } catch {
            return .refused(error.diagnostics)
        }
        let heartbeat = locks.startHeartbeat(every: .seconds(30), local: local, onProblem: notices)
        let servers = inventory.servers.map(\.name).filter { hosts[$0] != nil }
        let options = ExecutorOptions(runID: runID, healthPollInterval: request.healthPollInterval, clusterServers: servers)
        let result: SessionResult
        do throws(DiagnosticsError) {
            let report = try await Executor.rollback(runID: runID, stateDir: request.stateDirectory, plan: plan, hosts: hosts,
                                                     options: options, events: events)
            result = .rolledBack(runID: runID, report: report)
        } catch {
            result = .refused(error.diagnostics)
        }
        await heartbeat.stop()
        notices(await locks.release())
        return result
    }
}

/// Which run a rollback undoes, and why another is refused.
enum RollbackTarget {
    static func pick(_ requested: String?, cluster: String, runs: [RunSummary], stateDir: String) throws(DiagnosticsError) -> String {
        guard let requested else {
            guard let newest = runs.last(where: { !$0.dryRun && $0.cluster == cluster }) else {
                throw DiagnosticsError([.error("no-run", "no run of cluster \(cluster) to roll back in \(stateDir) (dry runs change nothing)")])
            }
            return newest.runID
        }
        if let run = runs.first(where: { $0.runID == requested }) {
            if let runCluster = run.cluster, runCluster != cluster {
                throw DiagnosticsError([otherCluster(requested, runCluster: runCluster, cluster: cluster)])
            }
            if run.dryRun {
                throw DiagnosticsError([.error("dry-run", "run \(requested) was a dry run: it changed nothing, there is nothing to roll back")])
            }
        }
        return requested
    }

    static func otherCluster(_ runID: String, runCluster: String, cluster: String) -> Diagnostic {
        .error("other-cluster", "run \(runID) is of cluster \(runCluster), not \(cluster) (the inventory's): refusing to roll it back with this inventory")
    }
}
