/// A node's K3s settings as K3s reads them (pkg/configfilearg `Parse`, urfave/cli):
/// 1. the service's environment (its env file, a unit's `Environment=`): K3S_URL is `--server`;
///    a variable counts only where no file or flag sets its key;
/// 2. the config file (K3S_CONFIG_FILE, else the first `--config`/`-c`, else
///    /etc/rancher/k3s/config.yaml) and its drop-ins `<file>.d/*.yaml|*.yml` by name: the last
///    plain `key:` wins, `key+:` appends;
/// 3. the flags of the systemd unit (or the drop-in whose `ExecStart=` replaced its command) or
///    OpenRC script, placed after the files' values: a
///    single-value flag beats the files, a list (StringSlice) flag's items are appended to the
///    files' list.
/// Reading never fails; problems become `diagnostics`.
public struct NodeSettings: Sendable {
    public let role: Role
    /// Problems found while reading (invalid YAML with file/line/column, constructs that can't
    /// be handled such as a unit whose ExecStart uses ${VARS}).
    public var diagnostics: [Diagnostic]
    /// Every occurrence of every key, in K3s's precedence order (environment, config file,
    /// drop-ins by name, then unit/OpenRC flags).
    public var occurrences: [SettingValue]
    /// The config file K3s reads on this node.
    public let configPath: String
    /// The service that runs K3s for this role (its unit or OpenRC script exists), nil when none.
    public let service: K3sService?

    let facts: HostFacts
    let configFiles: [YAMLConfigFile]
    let script: FlagScript?
    /// Settings from the service's environment, lowest precedence first.
    let environment: [SettingValue]

    public init(facts: HostFacts, role: Role) {
        self.role = role
        self.facts = facts
        let definition = ServiceDefinition.read(facts: facts, role: role)
        script = definition?.script
        service = definition?.service
        environment = Self.environment(script: script, facts: facts, role: role)
        let fromEnvironment = environment.last { $0.key == "config" && !$0.isSecretSet }?.value
        configPath = [fromEnvironment, script?.configFlag?.value].compactMap { $0 }.first { !$0.isEmpty } ?? K3sPaths.config
        var files: [YAMLConfigFile] = []
        if let main = facts.file(configPath) {
            files.append(YAMLConfigFile(path: main.path, origin: .configFile, text: main.text, host: facts.host))
        }
        for path in K3sPaths.dropIns(in: facts.files.keys, of: configPath) {
            files.append(YAMLConfigFile(path: path, origin: .dropIn, text: facts.files[path]!.text, host: facts.host))
        }
        configFiles = files
        diagnostics = files.flatMap(\.diagnostics) + (script?.diagnostics ?? [])
        occurrences = environment + files.flatMap(\.occurrences) + (script?.occurrences ?? [])
    }

    /// K3S_* variables of the unit's `Environment=` lines, then of its env files in order (an
    /// EnvironmentFile= overrides Environment=), or of the files an OpenRC script sources.
    static func environment(script: FlagScript?, facts: HostFacts, role: Role) -> [SettingValue] {
        guard let script else { return [] }
        var assignments: [(EnvironmentAssignment, String)] = script.environment.map { ($0, $0.file ?? script.path) }
        for path in script.environmentFiles {
            guard let file = facts.file(path) else { continue }
            assignments += EnvironmentFileReader.read(file.text).map { ($0, path) }
        }
        return assignments.compactMap { assignment, path in
            guard let key = K3sFlagCatalog.flag(forVariable: assignment.name, role: role) else { return nil }
            let secret = assignment.isSecretSet
            return SettingValue(key: key, values: secret ? [] : [assignment.value], origin: .environment,
                                location: SourceLocation(file: path, line: assignment.line + 1),
                                variable: assignment.name, isSecretSet: secret)
        }
    }

    /// All keys set anywhere, sorted.
    public var keys: [String] { Set(occurrences.map(\.key)).sorted() }

    /// The value that takes effect for `key`, with the location of the occurrence that decided
    /// it (for a list built from several places: the last one). nil when unset.
    public func effective(_ key: String) -> SettingValue? {
        let fromFiles = fileValue(key)
        if let flags = script?.occurrences.first(where: { $0.key == key }) {
            guard K3sFlagCatalog.isList(key) else {
                // The last occurrence of a single-value flag wins.
                let last = script!.flags(for: key).last!
                return SettingValue(key: key, values: [last.value], origin: flags.origin,
                                    location: SourceLocation(file: script!.path, line: last.line + 1))
            }
            guard var merged = fromFiles else { return flags }
            merged.values += flags.values
            merged.isList = true
            merged.appends = false
            merged.origin = flags.origin
            merged.location = flags.location
            return merged
        }
        if let fromFiles { return fromFiles }
        return environment.last { $0.key == key }
    }

    /// Every occurrence that contributes to the effective value of `key`, in K3s's order.
    public func sources(_ key: String) -> [SettingValue] {
        let flags = occurrences.filter { $0.key == key && ($0.origin == .systemdFlag || $0.origin == .openrcFlag) }
        var files: [SettingValue] = []
        for occurrence in occurrences where occurrence.key == key && (occurrence.origin == .configFile || occurrence.origin == .dropIn) {
            if !occurrence.appends { files.removeAll() }
            files.append(occurrence)
        }
        if !flags.isEmpty { return K3sFlagCatalog.isList(key) ? files + flags : [flags.last!] }
        if !files.isEmpty { return files }
        return environment.last { $0.key == key }.map { [$0] } ?? []
    }

    /// The value the config files give `key` (the last plain `key:`, then the `key+:` after it).
    func fileValue(_ key: String) -> SettingValue? {
        var result: SettingValue?
        for occurrence in occurrences where occurrence.key == key && (occurrence.origin == .configFile || occurrence.origin == .dropIn) {
            do {
                if occurrence.appends, var base = result {
                    base.values += occurrence.values
                    base.isList = true
                    base.location = occurrence.location
                    base.origin = occurrence.origin
                    result = base
                } else {
                    result = occurrence
                    if occurrence.appends { result?.isList = true }
                }
            }
        }
        return result
    }

    /// The variable that would set `key` if no file or flag did.
    func environmentValue(_ key: String) -> SettingValue? { environment.last { $0.key == key } }

    /// The effective values of `key`, or K3s's default when it is set nowhere.
    public func effectiveValues(_ key: String) -> [String]? {
        effective(key)?.values ?? K3sFlagCatalog.defaultValues(key)
    }

    /// Edits that make `key` take effect as `values` (scalar when one value and `asList` false),
    /// changing it where it takes effect today and keeping every other byte. When the key is set
    /// nowhere, appends it to config.yaml (creating the file if absent: FileChange.before "").
    /// Throws a Diagnostic when it can't (e.g. value set via ${VAR} in a unit).
    public func edits(setting key: String, to values: [String], asList: Bool) throws -> [FileChange] {
        try edits([SettingChange(key: key, values: values, asList: asList)])
    }

    /// Edits that remove `key` everywhere it is set.
    public func edits(removing key: String) throws -> [FileChange] {
        try edits([SettingChange(key: key, values: [], remove: true)])
    }

    /// Applies `changes` in order, each to the text the previous ones produced, and returns one
    /// FileChange per file that ends up different. Throws the first change that can't be made.
    public func edits(_ changes: [SettingChange]) throws -> [FileChange] {
        var current = self
        var touched: [String] = []
        for change in changes {
            let texts = try SettingsEditor(settings: current).texts(for: change)
            guard !texts.isEmpty else { continue }
            var facts = current.facts
            for (path, text) in texts {
                if facts.files[path] == nil {
                    facts.files[path] = FileFact(path: path, text: text, mode: 0o600)
                } else {
                    facts.files[path]?.content = LosslessText.encode(text)
                }
                if !touched.contains(path) { touched.append(path) }
            }
            current = NodeSettings(facts: facts, role: role)
        }
        let redactor = SecretRedactor(before: self, after: current)
        return touched.sorted().compactMap { path in
            let before = self.facts.files[path]?.text ?? ""
            let after = current.facts.files[path]?.text ?? ""
            guard before != after else { return nil }
            let writePath = self.facts.files[path]?.symlinkTarget ?? path
            return FileChange(path: path, writePath: writePath, before: before, after: after,
                              diff: redactor.redact(UnifiedDiff.make(path: path, before: before, after: after)))
        }
    }
}
