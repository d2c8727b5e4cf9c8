import K3sMigrateCore

/// The facts a resumed run's plan was made from, rebuilt without the journal holding any file:
/// the live facts, with every file a finished backup step copied read back from that backup on
/// its host, and every file a finished step created (it did not exist before) removed.
enum ResumeFacts {
    static func original(_ live: FleetFacts, plan: Plan, done: Set<String>, runID: String,
                         hosts: [String: any RemoteHost]) async throws(DiagnosticsError) -> FleetFacts {
        var facts = live
        for step in plan.steps where done.contains(step.id) {
            guard let name = step.host, var host = facts[name] else { continue }
            switch step.action {
            case .backup(let writePath):
                let backupPath = BackupPaths.backup(of: writePath, run: runID)
                guard let remote = hosts[name] else {
                    throw DiagnosticsError([.error("resume", host: name, "no connection to read the backup \(backupPath)")])
                }
                let backup: FileFact?
                do { backup = try await remote.readFile(backupPath) } catch {
                    throw DiagnosticsError([.error("resume", host: name, "cannot read the backup \(backupPath): \(error)")])
                }
                guard let backup else {
                    throw DiagnosticsError([.error("resume", host: name, "the backup \(backupPath) is missing, so the plan cannot be made again")])
                }
                let key = host.files.first { ($0.value.symlinkTarget ?? $0.key) == writePath }?.key ?? writePath
                if host.files[key] == nil { host.files[key] = FileFact(path: key, content: backup.content) }
                host.files[key]?.content = backup.content
            case .edit(let change):
                if case .command = step.undo { host.files[change.path] = nil }
            case .write(let write):
                if !write.existed { host.files[write.path] = nil }
            default:
                break
            }
            facts.hosts[name] = host
        }
        return facts
    }
}
