import K3sMigrateCore

/// Facts of every cluster of a fleet: from `DIR/<cluster>/<host>/` or over SSH, a few clusters
/// at a time within the session budget. A cluster that can't be read is reported, named, while
/// the others go on.
public enum FleetGather {
    public struct Options: Sendable {
        /// A fleet facts directory (`DIR/<cluster>/<host>/`); nil means over SSH.
        public var factsDirectory: String?
        public var limit: String?
        /// Hosts of one cluster contacted at once.
        public var parallelConnect: Int
        /// Clusters read at once.
        public var clustersParallel: Int
        public var budget: SessionBudget
        public var firewall: Bool

        public init(factsDirectory: String?, limit: String?, parallelConnect: Int, clustersParallel: Int,
                    budget: SessionBudget, firewall: Bool = false) {
            self.factsDirectory = factsDirectory
            self.limit = limit
            self.parallelConnect = parallelConnect
            self.clustersParallel = clustersParallel
            self.budget = budget
            self.firewall = firewall
        }
    }

    /// One result per cluster, in the fleet's order.
    public static func inputs(_ fleet: FleetInventory, options: Options) async -> [Result<FleetInput, DiagnosticsError>] {
        if let root = options.factsDirectory {
            // Offline: files only, CPU-bound; every core.
            return ParallelMap.map(fleet.clusters) { cluster in
                Result { () throws(DiagnosticsError) -> FleetInput in
                    let hosts = FleetInput.factHosts(cluster.inventory, limit: options.limit)
                    let facts = try FactsDirectory.load(from: FleetInventory.factsDirectory(root, cluster: cluster.name), hosts: hosts)
                    return FleetInput(inventory: cluster.inventory, warnings: cluster.warnings, facts: facts)
                }
            }
        }
        return await BoundedConcurrency.map(fleet.clusters, limit: options.clustersParallel) { cluster in
            let hosts = FleetInput.factHosts(cluster.inventory, limit: options.limit).count
            let permits = await options.budget.acquire(hosts)
            let arguments = FleetInput.Arguments(inventoryPath: cluster.file, factsDirectory: nil, limit: options.limit,
                                                 maxParallel: options.parallelConnect, firewall: options.firewall)
            let result: Result<FleetInput, DiagnosticsError>
            do throws(DiagnosticsError) {
                result = .success(try await FleetInput.load(parsed: ParsedInventory(inventory: cluster.inventory, warnings: cluster.warnings), arguments))
            } catch {
                result = .failure(error)
            }
            await options.budget.release(permits)
            return result
        }
    }
}

