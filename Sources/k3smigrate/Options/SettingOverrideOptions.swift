import ArgumentParser
import K3sMigrateCore

/// `--set KEY=VALUE` for plan and apply.
struct SettingOverrideOptions: ParsableArguments {
    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Override the value of a setting the playbook changes, e.g. --set egress-selector-mode=cluster (repeatable).",
        valueName: "KEY=VALUE"))
    var set: [String] = []

    func overrides() throws(DiagnosticsError) -> [SettingOverride] { try SettingOverride.parse(set) }

    func validate() throws {
        do { _ = try overrides() } catch { throw ValidationError(error.description) }
    }
}
