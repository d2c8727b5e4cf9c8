import ArgumentParser
import Foundation
import K3sMigrateCore
import K3sMigrateRun

/// `apply -i DIR`: the fleet driver runs; this prints its events, the final table and the exit code.
extension FleetScaleOptions {
    func apply(_ command: ApplyCommand, waves: FleetWaveOptions) async throws {
        guard command.planFile == nil else { throw ValidationError("a saved PLANFILE holds one cluster's plan; give -i FILE") }
        let stateDirectory = command.state.directory
        var cluster = ApplyRequest(fleet: command.fleet.arguments(), playbook: command.playbook,
                                   planOptions: PlanOptions(agentBatchSize: command.parallel, limit: command.fleet.limit),
                                   dryRun: command.dryRun, yes: command.yes, maxFailures: command.maxFailures,
                                   rollbackOnFailure: !command.noRollback, stateDirectory: stateDirectory, resumeRunID: nil,
                                   healthPollInterval: command.healthPoll, planFile: nil, forceUnlock: command.forceUnlock)
        cluster.settingOverrides = try command.settingOverrides.overrides()
        let request = FleetApplyRequest(directory: command.fleet.inventory, shard: parsedShard, cluster: cluster,
                                        settingOverrideWords: command.settingOverrides.set, canary: waves.canary,
                                        waves: waves.waveSizes, budget: waves.budget, clustersParallel: clustersParallel,
                                        maxSessions: sessionLimit, resumeFleetRunID: command.resume)
        let json = command.format == .json
        let palette = Console.palette(command.color.color)
        let write: @Sendable (String) -> Void = { line in FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
        let session = FleetApplySession(
            request: request,
            clusterEvents: { cluster, clusterRun, event in
                if json {
                    write(FleetOutputLines.json(cluster: cluster, clusterRun: clusterRun, event))
                } else if let line = FleetOutputLines.text(cluster: cluster, event, palette: palette) {
                    write(line)
                }
            },
            fleetEvents: { fleetRun, event in
                if json {
                    write(event.document(runID: fleetRun).rendered())
                } else if let line = event.line(runID: fleetRun, palette: palette) {
                    write(line)
                }
            },
            notices: { cluster, problems in Console.report(cluster.map { name in problems.map { $0.scoped(to: name) } } ?? problems) })
        let signals = SignalTrap { session.requestStop() }
        let outcome = await session.run()
        signals.cancel()
        let result: FleetApplyResult
        switch outcome {
        case .failure(let error):
            Console.report(error.diagnostics)
            throw ExitCodes.error
        case .success(let value):
            result = value
        }
        if !json { print(FleetEvent.table(result, palette: palette), terminator: "") }
        let state = stateDirectory == StateDirectory.default() ? "" : " --state-dir \(ShellCommand.quote(stateDirectory))"
        let say = { (line: String) in FileHandle.standardError.write(Data((line + "\n").utf8)) }
        let verdict = result.verdict
        if verdict == .interrupted {
            say("fleet run \(result.fleetRunID) interrupted. Continue:  k3smigrate apply -i \(ShellCommand.quote(command.fleet.inventory)) --resume \(result.fleetRunID)\(state)")
        } else if verdict != .success {
            say("fleet run \(result.fleetRunID): see k3smigrate runs show \(result.fleetRunID)\(state), and each cluster's run id above")
        }
        switch verdict {
        case .success: throw ExitCodes.success
        case .refused: throw ExitCodes.error
        case .rolledBack: throw ExitCodes.rolledBack
        case .rollbackIncomplete: throw ExitCodes.rollbackIncomplete
        case .interrupted: throw ExitCodes.interrupted
        }
    }
}
