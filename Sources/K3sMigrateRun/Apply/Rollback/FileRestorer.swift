import K3sMigrateCore

/// Puts a file back from the run's backup on its host, byte for byte, with the owner and mode
/// recorded in the `.meta`, then reads it again to prove it.
struct FileRestorer {
    let host: any RemoteHost
    let hostName: String
    let runID: String

    func restore(_ path: String) async throws(StepError) -> String {
        let backupPath = BackupPaths.backup(of: path, run: runID)
        let backup = try await read(backupPath)
        guard let backup else {
            throw StepError("restore", "host \(hostName): backup \(backupPath) is missing, so \(path) cannot be restored")
        }
        guard let metaFile = try await read(backupPath + ".meta"), let meta = BackupMeta(metaFile.text) else {
            throw StepError("restore", "host \(hostName): \(backupPath).meta is missing or unreadable, so \(path) cannot be restored")
        }
        // A change that never landed (the write failed, e.g. on a full disk, and left the file
        // intact) needs no restore: writing the same bytes again could only fail the same way.
        if let current = try await read(path), current.content == backup.content, current.mode == nil || current.mode == meta.mode,
           current.owner == nil || meta.user == "UNKNOWN" || current.owner == meta.user,
           current.group == nil || meta.group == "UNKNOWN" || current.group == meta.group {
            return "\(path) already matches its backup \(backupPath) (\(backup.content.count) bytes): nothing to restore"
        }
        do {
            try await host.writeFile(path, content: backup.content, mode: meta.mode, owner: meta.owner, group: meta.ownerGroup)
        } catch {
            throw StepError.transport(error, host: hostName, doing: "restoring \(path)")
        }
        guard let written = try await read(path), written.content == backup.content else {
            throw StepError("restore", "host \(hostName): \(path) does not match its backup after the restore")
        }
        if let mode = written.mode, mode != meta.mode {
            throw StepError("restore", "host \(hostName): \(path) has mode \(String(mode, radix: 8)) after the restore, "
                                + "expected \(String(meta.mode, radix: 8))")
        }
        if let owner = written.owner, meta.user != "UNKNOWN", owner != meta.user {
            throw StepError("restore", "host \(hostName): \(path) is owned by \(owner) after the restore, expected \(meta.user)")
        }
        return "restored \(path) from \(backupPath) (\(backup.content.count) bytes, mode \(String(meta.mode, radix: 8)), "
            + "\(meta.owner):\(meta.ownerGroup))"
    }

    private func read(_ path: String) async throws(StepError) -> FileFact? {
        do {
            return try await host.readFile(path)
        } catch {
            throw StepError.transport(error, host: hostName, doing: "reading \(path)")
        }
    }
}
