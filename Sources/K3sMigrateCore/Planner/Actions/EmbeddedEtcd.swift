/// Whether a server runs K3s's embedded etcd: no external `datastore-endpoint`, and
/// `cluster-init: true`, a `server:` URL (only etcd lets servers join one another) or etcd's
/// data directory.
enum EmbeddedEtcd {
    /// Written by K3s in the etcd data directory of every embedded-etcd server.
    static let configFile = "/var/lib/rancher/k3s/server/db/etcd/config"

    static func runs(on analysis: HostAnalysis) -> Bool {
        guard analysis.role == .server, analysis.settings.effective("datastore-endpoint") == nil else { return false }
        return analysis.settings.effective("cluster-init")?.value == "true" || analysis.settings.effective("server") != nil
            || analysis.facts.file(configFile) != nil
    }

    /// Warnings for servers with embedded etcd whose node-external-ip the plan changes.
    static func externalIPWarnings(_ analyses: [HostAnalysis]) -> [Diagnostic] {
        analyses.filter { analysis in
            !analysis.isSkipped && runs(on: analysis) && analysis.changedKeys.contains { $0.key == "node-external-ip" }
        }.map { analysis in
            .warning("embedded-etcd-external-ip", host: analysis.name,
                     "this server runs embedded etcd: K3s does not support embedded etcd across networks, and etcd peers may still use the old address")
        }
    }
}
