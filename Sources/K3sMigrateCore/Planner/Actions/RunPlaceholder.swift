/// Commands of a plan name the run's directory with `RUN_ID` (the id is chosen at apply time);
/// the executor puts the real id in before running them or their undo.
public enum RunPlaceholder {
    public static func resolve(_ command: ShellCommand, run: String) -> ShellCommand {
        command.replacing("\(BackupPaths.root)/\(RemoteCommands.runPlaceholder)/", with: "\(BackupPaths.root)/\(run)/")
    }
}
