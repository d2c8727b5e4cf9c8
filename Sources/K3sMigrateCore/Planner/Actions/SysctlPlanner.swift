/// Plans a persisted sysctl on one host: the drop-in file gets `key = value` (backed up first when
/// it exists, created otherwise), then `sysctl -w` applies it. Undo puts the file back (or
/// removes it) and writes the old value back. A host that has both already changes nothing.
enum SysctlPlanner {
    static func plan(key: String, value: String, file path: String, _ analysis: HostAnalysis, after dependency: String) -> [Step] {
        let existing = analysis.facts.file(path)
        let before = existing?.text ?? ""
        let persisted = SysctlFile(text: before).value(of: key) == value
        let running = analysis.facts.sysctls[key]
        guard !persisted || running != value else { return [] }

        var steps: [Step] = []
        var previous = dependency
        let host = analysis.name
        let label = StepIDs.baseName(path)
        if !persisted {
            let after = SysctlFile(text: before).setting(key, to: value)
            if let existing {
                let backup = Step(id: "\(host)/backup:\(label)", host: host, role: analysis.role, kind: .backup,
                                  title: "back up \(path) (owner and mode kept)", changes: false,
                                  action: .backup(path: existing.symlinkTarget ?? path), dependsOn: [previous])
                let change = FileChange(path: path, writePath: existing.symlinkTarget, before: before, after: after,
                                        diff: UnifiedDiff.make(path: path, before: before, after: after))
                let edit = Step(id: "\(host)/edit:\(label)", host: host, role: analysis.role, kind: .editFile,
                                title: "set \(key) = \(value) in \(path)", changes: true, action: .edit(change),
                                dependsOn: [backup.id], undo: .restoreFile(path: change.writePath, backupStep: backup.id))
                steps += [backup, edit]
                previous = edit.id
            } else {
                let write = Step(id: "\(host)/write:\(label)", host: host, role: analysis.role, kind: .writeFile,
                                 title: "create \(path) with \(key) = \(value)", changes: true,
                                 action: .write(FileWrite(path: path, mode: 0o644, content: after, existed: false)),
                                 dependsOn: [previous], undo: .command(ShellCommand("rm", "-f", "--", path)))
                steps.append(write)
                previous = write.id
            }
        }
        let undo: Undo = running.map { .command(ShellCommand("sysctl", "-w", "\(key)=\($0)")) }
            ?? .impossible(reason: "the running value of \(key) was not in the facts")
        steps.append(Step(id: "\(host)/sysctl:\(key)", host: host, role: analysis.role, kind: .command,
                          title: "apply \(key)=\(value) now (was \(running ?? "unknown"))", changes: running != value,
                          action: .run(ShellCommand("sysctl", "-w", "\(key)=\(value)")), dependsOn: [previous], undo: undo))
        return steps
    }

    /// The `/proc/sys` file of a key, for preflight.
    static func procPath(_ key: String) -> String { "/proc/sys/" + key.replacingOccurrences(of: ".", with: "/") }
}
