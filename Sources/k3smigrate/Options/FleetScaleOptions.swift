import ArgumentParser
import K3sMigrateCore
import K3sMigrateRun

/// Flags for `-i DIR`, a directory of inventories (one cluster each): which clusters, and how
/// many at once.
struct FleetScaleOptions: ParsableArguments {
    @Option(help: ArgumentHelp("With -i DIR: only the clusters of shard I of N (0 <= I < N), chosen by a hash of the cluster name; N runners with I = 0..N-1 split the fleet with no coordinator.", valueName: "I/N"))
    var shard: String?

    @Option(help: ArgumentHelp("With -i DIR: SSH sessions open at once across all clusters (default: sized from this machine's open-files limit).", valueName: "N"))
    var maxSessions: Int?

    @Option(help: ArgumentHelp("With -i DIR: clusters worked on at once.", valueName: "N"))
    var clustersParallel: Int = 10

    func validate() throws {
        if let shard, case .failure(let error) = ClusterShard.parse(shard) { throw ValidationError(error.message) }
        if let maxSessions, maxSessions < 1 { throw ValidationError("--max-sessions must be at least 1") }
        guard clustersParallel >= 1 else { throw ValidationError("--clusters-parallel must be at least 1") }
    }

    var parsedShard: ClusterShard? {
        guard let shard, case .success(let value) = ClusterShard.parse(shard) else { return nil }
        return value
    }

    var sessionLimit: Int { maxSessions ?? SessionBudget.defaultLimit() }

    /// Flags that only mean something with -i DIR, for a usage error when given with one file.
    var givenForFleetOnly: [String] {
        [shard != nil ? "--shard" : nil, maxSessions != nil ? "--max-sessions" : nil].compactMap { $0 }
    }
}

/// `apply -i DIR`: canary, waves and the failure budget.
struct FleetWaveOptions: ParsableArguments {
    @Option(help: ArgumentHelp("With -i DIR: apply to the first N clusters (by name) alone before any wave.", valueName: "N"))
    var canary: Int = 0

    @Option(help: ArgumentHelp("With -i DIR: where the fleet stands after each wave, cumulative (percent of all clusters, or a count); must end with 100%.", valueName: "SIZES"))
    var waves: String = "100%"

    @Option(help: ArgumentHelp("With -i DIR: clusters that may fail (a count or a percentage) before no new cluster starts; running clusters finish, each failed one rolls back on its own.", valueName: "N|P%"))
    var maxFailedClusters: String = "0"

    func validate() throws {
        guard canary >= 0 else { throw ValidationError("--canary must be 0 or more") }
        if case .failure(let error) = WavePlan.parseSizes(waves) { throw ValidationError(error.message) }
        guard FailureBudget.parse(maxFailedClusters) != nil else {
            throw ValidationError("--max-failed-clusters takes a count (0 or more) or a percentage (0% to 100%), got '\(maxFailedClusters)'")
        }
    }

    var waveSizes: [WavePlan.Size] { (try? WavePlan.parseSizes(waves).get()) ?? [.percent(100)] }
    var budget: FailureBudget { FailureBudget.parse(maxFailedClusters) ?? .count(0) }
}

extension FleetScaleOptions {
    /// Fleet-only flags with one inventory file: a usage error (exit 64).
    func refuseWithoutFleet() throws {
        let flags = givenForFleetOnly
        guard flags.isEmpty else { throw ValidationError("\(flags.joined(separator: ", ")) : only with -i DIR, a directory of inventories") }
    }
}

extension FleetScaleOptions {
    /// As `refuseWithoutFleet()`, also for the wave flags of `apply`.
    func refuseWithoutFleet(waves: FleetWaveOptions) throws {
        let flags = givenForFleetOnly + waves.given
        guard flags.isEmpty else { throw ValidationError("\(flags.joined(separator: ", ")): only with -i DIR, a directory of inventories") }
    }
}

extension FleetWaveOptions {
    var given: [String] {
        [canary != 0 ? "--canary" : nil, waves != "100%" ? "--waves" : nil,
         maxFailedClusters != "0" ? "--max-failed-clusters" : nil].compactMap { $0 }
    }
}
