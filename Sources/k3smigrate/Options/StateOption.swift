import ArgumentParser
import K3sMigrateRun

/// `--state-dir`: where journals (and the local cluster lock) live; shared by apply, runs, rollback.
struct StateOption: ParsableArguments {
    @Option(help: ArgumentHelp("Where journals live (default $XDG_STATE_HOME/k3smigrate or ~/.local/state/k3smigrate).", valueName: "DIR"))
    var stateDir: String?

    var directory: String { stateDir ?? StateDirectory.default() }
}
