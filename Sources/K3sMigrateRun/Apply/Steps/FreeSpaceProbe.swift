import K3sMigrateCore

/// Preflight's free-space check: before any change, every file system a host's steps will write
/// to (the backup directory, and each edited file's directory, for the new content plus its temp
/// file) must have room, so that a full disk refuses the run instead of failing half way. One
/// remote command per host, `df -P -k` (POSIX, so busybox hosts answer too).
struct FreeSpaceProbe {
    /// Bytes that will be written under `directory`; `sizeOf`: the host file whose size it is
    /// (a backup copies a file the plan doesn't hold), measured on the host.
    struct Need: Sendable, Hashable {
        var directory: String
        var bytes: Int
        var sizeOf: String?
        /// The file the need is for, for the message.
        var file: String
    }

    let needs: [Need]

    /// What the host's steps will write: backups into the run's directory, edits and writes in
    /// place (temp file beside the file, then rename).
    static func needs(of steps: [Step], runID: String) -> [Need] {
        steps.compactMap { step -> Need? in
            switch step.action {
            case .backup(let path):
                return Need(directory: parent(BackupPaths.backup(of: path, run: runID)), bytes: 0, sizeOf: path, file: path)
            case .edit(let change):
                return Need(directory: parent(change.writePath), bytes: change.afterBytes.count, sizeOf: nil, file: change.writePath)
            case .write(let write):
                return Need(directory: parent(write.path), bytes: write.content?.utf8.count ?? 4096, sizeOf: nil, file: write.path)
            default:
                return nil
            }
        }
    }

    /// One line per file system without room: "not enough free space on MOUNT (for FILES): ...".
    func shortfalls(on host: any RemoteHost, in context: StepContext) async throws(StepError) -> [String] {
        guard !needs.isEmpty else { return [] }
        var words = ["sh", "-c", FreeSpaceProbe.script, "sh"]
        for need in needs { words += [need.directory, String(need.bytes), need.sizeOf ?? "-"] }
        let result: CommandResult
        do {
            result = try await host.run(ShellCommand(words: words), timeoutSeconds: context.commandTimeout)
        } catch {
            throw StepError.transport(error, host: context.name, doing: "preflight check free-space")
        }
        let lines = result.stdoutText.split(separator: "\n").map { $0.split(separator: " ", maxSplits: 2).map(String.init) }
        guard result.succeeded, lines.count == needs.count, lines.allSatisfy({ $0.count == 3 && Int($0[0]) != nil && Int($0[1]) != nil }) else {
            return ["free space could not be measured (df -P -k): \(OutputExcerpt.firstLine(result))"]
        }
        var mounts: [String] = []
        var required: [String: Int] = [:]
        var availableKiB: [String: Int] = [:]
        var files: [String: [String]] = [:]
        for (need, fields) in zip(needs, lines) {
            let mount = fields[2]
            if required[mount] == nil { mounts.append(mount) }
            required[mount, default: 0] += FreeSpaceProbe.blocks(Int(fields[0]) ?? 0)
            availableKiB[mount] = Int(fields[1]) ?? 0
            if !(files[mount] ?? []).contains(need.file) { files[mount, default: []].append(need.file) }
        }
        return mounts.compactMap { mount in
            let needKiB = (required[mount] ?? 0) / 1024, freeKiB = availableKiB[mount] ?? 0
            guard freeKiB < needKiB else { return nil }
            return "not enough free space on \(mount) (for \((files[mount] ?? []).joined(separator: ", "))): "
                + "\(freeKiB) KiB free, \(needKiB) KiB needed"
        }
    }

    /// Whole 4 KiB blocks for the content, plus one for the temp file's or the `.meta`'s own.
    static func blocks(_ bytes: Int) -> Int { ((max(0, bytes) + 4095) / 4096 + 1) * 4096 }

    private static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    /// Arguments in threes: DIRECTORY BYTES SIZE-OF-FILE-or-`-`. Prints `BYTES AVAIL_KIB MOUNT`
    /// per triple; a directory that does not exist yet is measured at its nearest existing parent.
    static let script = """
        while [ $# -ge 3 ]; do
          d=$1; n=$2; f=$3; shift 3
          if [ "$f" != - ]; then n=$(stat -L -c %s -- "$f" 2>/dev/null || echo 0); fi
          while [ ! -d "$d" ] && [ "$d" != / ]; do d=$(dirname -- "$d"); done
          df -P -k -- "$d" | awk -v n="$n" 'NR == 2 { printf "%s %s %s\\n", n, $4, $6 }'
        done
        """
}
