import K3sMigrateCore

/// The remote commands behind `HostLock`, each one `sh` command line built from quoted words.
/// Writes that replace an existing lock go to a temporary file renamed over it, so a reader
/// never sees a half-written lock; only the first creation (noclobber, i.e. O_EXCL) writes in place.
enum HostLockScript {
    static let acquired = "k3smigrate-lock:acquired"
    static let held = "k3smigrate-lock:held"
    static let content = "k3smigrate-lock:content"
    static let replaced = "k3smigrate-lock:replaced"
    static let changed = "k3smigrate-lock:changed"
    static let busy = "k3smigrate-lock:busy"
    static let forced = "k3smigrate-lock:forced"
    static let beat = "k3smigrate-lock:beat"
    static let released = "k3smigrate-lock:released"

    /// `mkdir -p DIR && ( ( set -o noclobber; printf '%s' OWNER > LOCK ) && echo acquired || REPORT )`
    static func acquire(path: String, owner: String) -> ShellCommand {
        let create = ShellCommand.literal("set -o noclobber").then(ShellCommand("printf", "%s", owner).redirect(to: path)).grouped
        return ShellCommand("mkdir", "-p", "--", directory(of: path))
            .and(create.and(echo(acquired)).or(report(path: path)).grouped)
    }

    /// The lock as it is: the host's clock, the file's modification time (the host's clock at the
    /// last write), and the content.
    static func report(path: String) -> ShellCommand {
        echo(held)
            .then(ShellCommand("date", "+now=%s"))
            .then(ShellCommand("stat", "-c", "mtime=%Y", "--", path).silencingErrors)
            .then(echo(content))
            .then(ShellCommand("cat", "--", path).silencingErrors)
            .grouped
    }

    /// Replaces a stale lock only if it is still exactly `expected`; `LOCK.break`, created with
    /// noclobber, keeps two controllers from replacing the same stale lock at once.
    static func takeover(path: String, runID: String, expected: String, owner: String) -> ShellCommand {
        let guardFile = ShellCommand.literal("set -o noclobber").then(ShellCommand.literal(":").redirect(to: breakPath(path))).grouped.silencingErrors
        let swap = ShellCommand("printf", "%s", expected).redirect(to: expectedPath(path, runID))
            .and(ShellCommand("cmp", "-s", "--", expectedPath(path, runID), path))
            .and(ShellCommand("printf", "%s", owner).redirect(to: temporaryPath(path, runID)))
            .and(ShellCommand("mv", "-f", "--", temporaryPath(path, runID), path))
            .and(echo(replaced))
            .or(echo(changed))
            .then(ShellCommand("rm", "-f", "--", expectedPath(path, runID), temporaryPath(path, runID), breakPath(path)))
            .grouped
        return guardFile.and(swap).or(echo(busy))
    }

    /// `--force-unlock`: replaces whatever lock there is (and a leftover `LOCK.break`).
    static func force(path: String, runID: String, owner: String) -> ShellCommand {
        ShellCommand("mkdir", "-p", "--", directory(of: path))
            .and(ShellCommand("printf", "%s", owner).redirect(to: temporaryPath(path, runID)))
            .and(ShellCommand("mv", "-f", "--", temporaryPath(path, runID), path))
            .and(ShellCommand("rm", "-f", "--", breakPath(path)))
            .and(echo(forced))
    }

    /// Rewrites the lock with a new heartbeat if it still names `runID`; else shows what is there.
    static func heartbeat(path: String, runID: String, owner: String) -> ShellCommand {
        isOurs(path: path, runID: runID)
            .and(ShellCommand("printf", "%s", owner).redirect(to: temporaryPath(path, runID)))
            .and(ShellCommand("mv", "-f", "--", temporaryPath(path, runID), path))
            .and(echo(beat))
            .or(ShellCommand("rm", "-f", "--", temporaryPath(path, runID)).then(currentContent(path: path)).grouped)
    }

    /// Removes the lock if it still names `runID`; else shows what is there.
    static func release(path: String, runID: String) -> ShellCommand {
        isOurs(path: path, runID: runID)
            .and(ShellCommand("rm", "-f", "--", path))
            .and(echo(released))
            .or(currentContent(path: path).grouped)
    }

    static func breakPath(_ path: String) -> String { path + ".break" }

    private static func isOurs(path: String, runID: String) -> ShellCommand {
        ShellCommand("grep", "-qF", "-e", "\"runID\":\"\(runID)\"", "--", path).silencingErrors
    }

    private static func currentContent(path: String) -> ShellCommand {
        echo(content).then(ShellCommand("cat", "--", path).silencingErrors)
    }

    private static func echo(_ marker: String) -> ShellCommand { ShellCommand("echo", marker) }
    private static func temporaryPath(_ path: String, _ runID: String) -> String { path + "." + runID + ".tmp" }
    private static func expectedPath(_ path: String, _ runID: String) -> String { path + "." + runID + ".expected" }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
