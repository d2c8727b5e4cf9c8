import K3sMigrateCore

/// The facts a resumed run's plan was made from, rebuilt without the journal holding any file:
/// the live facts, with every file a finished backup step copied read back from that backup on
/// its host, and every file a finished step created (it did not exist before) removed. Facts that
/// are not files come back too, so that the steps a finished step made unnecessary are planned
/// again as they were (the steps after them depend on them): a link a finished step deleted is
/// listed again (in the plan's order), and a firewall backend whose Cilium rules a finished step
/// removed gets its dump back from the run's snapshot on the host. A sysctl a finished step set
/// needs nothing: its file is restored like any other, and its step is planned again as done.
enum ResumeFacts {
    static func original(_ live: FleetFacts, plan: Plan, done: Set<String>, runID: String,
                         hosts: [String: any RemoteHost]) async throws(DiagnosticsError) -> FleetFacts {
        var facts = live
        var deletedLinks: [String: Set<String>] = [:]
        for step in plan.steps where done.contains(step.id) {
            guard let name = step.host, var host = facts[name] else { continue }
            switch step.action {
            case .backup(let writePath):
                let backupPath = BackupPaths.backup(of: writePath, run: runID)
                let backup = try await read(backupPath, what: "the backup", on: name, hosts: hosts)
                let key = host.files.first { ($0.value.symlinkTarget ?? $0.key) == writePath }?.key ?? writePath
                if host.files[key] == nil { host.files[key] = FileFact(path: key, content: backup.content) }
                host.files[key]?.content = backup.content
            case .edit(let change):
                if case .command = step.undo { host.files[change.path] = nil }
            case .write(let write):
                if !write.existed { host.files[write.path] = nil }
            case .removeCiliumRules(let removal):
                let snapshot = try await read(removal.snapshotPath(run: runID), what: "the firewall snapshot", on: name, hosts: hosts)
                host.firewallDumps[removal.tool] = snapshot.text
            case .run:
                if let link = CiliumCleanupPlanner.deletedLink(by: step) { deletedLinks[name, default: []].insert(link) }
            default:
                break
            }
            facts.hosts[name] = host
        }
        for (name, links) in deletedLinks {
            guard var interfaces = facts[name]?.interfaces else { continue }
            // The links in the order the plan deletes them, after the others: the planner keeps
            // the order it finds them in, and each deletion depends on the one before.
            let planned = plan.steps.filter { $0.host == name }.compactMap(CiliumCleanupPlanner.deletedLink(by:))
            let present = Set(interfaces)
            interfaces.removeAll { planned.contains($0) }
            interfaces += planned.filter { links.contains($0) || present.contains($0) }
            facts.hosts[name]?.interfaces = interfaces
        }
        return facts
    }

    private static func read(_ path: String, what: String, on name: String,
                             hosts: [String: any RemoteHost]) async throws(DiagnosticsError) -> FileFact {
        guard let remote = hosts[name] else {
            throw DiagnosticsError([.error("resume", host: name, "no connection to read \(what) \(path)")])
        }
        let file: FileFact?
        do { file = try await remote.readFile(path) } catch {
            throw DiagnosticsError([.error("resume", host: name, "cannot read \(what) \(path): \(error)")])
        }
        guard let file else {
            throw DiagnosticsError([.error("resume", host: name, "\(what) \(path) is missing, so the plan cannot be made again")])
        }
        return file
    }
}
