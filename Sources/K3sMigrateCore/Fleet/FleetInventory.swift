/// A fleet of clusters: one inventory file per cluster (native or k3s-ansible, mixed), read
/// from one directory. Host names only have to be unique inside their cluster: everything that
/// names a host (facts directories, plans, journals, locks, output) is scoped by the cluster.
public struct FleetInventory: Sendable, Hashable {
    /// One cluster of the fleet, in cluster-name order.
    public struct Cluster: Sendable, Hashable {
        public var name: String { inventory.cluster }
        /// The inventory file the cluster came from.
        public var file: String { inventory.file }
        public var inventory: Inventory
        public var warnings: [Diagnostic]

        public init(inventory: Inventory, warnings: [Diagnostic] = []) {
            self.inventory = inventory
            self.warnings = warnings
        }
    }

    /// The directory the inventories were read from.
    public var directory: String
    /// Sorted by cluster name, so waves, shards and documents are the same on every run.
    public var clusters: [Cluster]

    public init(directory: String, clusters: [Cluster]) {
        self.directory = directory
        self.clusters = clusters.sorted { $0.name < $1.name }
    }

    public var names: [String] { clusters.map(\.name) }

    public func cluster(named name: String) -> Cluster? { clusters.first { $0.name == name } }

    /// Every host of the fleet, counted once per cluster.
    public var hostCount: Int { clusters.reduce(0) { $0 + $1.inventory.hosts.count } }

    /// Parses every file (path, text) as one cluster's inventory. Every problem of every file is
    /// thrown at once; two files naming the same cluster is an error naming both files.
    public static func assemble(directory: String, files: [(path: String, text: String)]) throws(DiagnosticsError) -> FleetInventory {
        var clusters: [Cluster] = []
        var problems: [Diagnostic] = []
        var firstFile: [String: String] = [:]
        for file in files.sorted(by: { $0.path < $1.path }) {
            let parsed: ParsedInventory
            do {
                parsed = try InventoryParser.parseWithWarnings(file.text, file: file.path)
            } catch {
                problems += error.diagnostics
                continue
            }
            let name = parsed.inventory.cluster
            if let earlier = firstFile[name] {
                problems.append(.error("fleet-duplicate-cluster", at: SourceLocation(file: file.path),
                    "cluster name '\(name)' is used by both \(earlier) and \(file.path); every cluster of a fleet needs its own name (locks and journals are per cluster)"))
                continue
            }
            firstFile[name] = file.path
            clusters.append(Cluster(inventory: parsed.inventory, warnings: parsed.warnings))
        }
        if files.isEmpty {
            problems.append(.error("fleet-empty", at: SourceLocation(file: directory),
                                   "the directory holds no inventory file (*.yaml, *.yml)"))
        }
        guard !problems.hasErrors else { throw DiagnosticsError(problems) }
        return FleetInventory(directory: directory, clusters: clusters)
    }

    /// The part of the fleet in `shard` (all of it when nil).
    public func restricted(to shard: ClusterShard?) -> FleetInventory {
        guard let shard else { return self }
        return FleetInventory(directory: directory, clusters: clusters.filter { shard.contains($0.name) })
    }

    /// A cluster's own facts directory under a fleet's `--from-dir` / `facts --save` directory:
    /// `DIR/<cluster>/`, which then holds `<host>/` as for one cluster.
    public static func factsDirectory(_ root: String, cluster: String) -> String {
        var root = root
        while root.count > 1, root.hasSuffix("/") { root.removeLast() }
        return root + "/" + cluster
    }
}

extension Diagnostic {
    /// The same finding, with its host named `cluster/host` (or the cluster alone), for fleet output.
    public func scoped(to cluster: String) -> Diagnostic {
        var copy = self
        copy.host = host.map { "\(cluster)/\($0)" } ?? cluster
        return copy
    }
}
