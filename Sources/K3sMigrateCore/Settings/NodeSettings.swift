/// A node's K3s settings as K3s reads them: config.yaml, then the drop-ins in
/// config.yaml.d (by file name), then the flags of the systemd unit or OpenRC script, which
/// override the files. Reading never fails; problems become `diagnostics`.
public struct NodeSettings: Sendable {
    public let role: Role
    /// Problems found while reading (invalid YAML with file/line/column, constructs that can't
    /// be handled such as a unit whose ExecStart uses ${VARS}).
    public var diagnostics: [Diagnostic]
    /// Every occurrence of every key, in K3s's precedence order (config.yaml, drop-ins by name,
    /// then unit/OpenRC flags).
    public var occurrences: [SettingValue]

    let facts: HostFacts
    let configFiles: [YAMLConfigFile]
    let script: FlagScript?

    public init(facts: HostFacts, role: Role) {
        self.role = role
        self.facts = facts
        var files: [YAMLConfigFile] = []
        if let main = facts.file(K3sPaths.config) {
            files.append(YAMLConfigFile(path: main.path, origin: .configFile, text: main.text, host: facts.host))
        }
        for path in K3sPaths.dropIns(in: facts.files.keys) {
            files.append(YAMLConfigFile(path: path, origin: .dropIn, text: facts.files[path]!.text, host: facts.host))
        }
        configFiles = files
        if let unit = facts.file(K3sPaths.systemdUnit(role)) {
            script = SystemdUnitReader.read(path: unit.path, text: unit.text, host: facts.host)
        } else if let openrc = facts.file(K3sPaths.openrcScript(role)) {
            script = OpenRCScriptReader.read(path: openrc.path, text: openrc.text, serviceName: role.serviceName, host: facts.host)
        } else {
            script = nil
        }
        diagnostics = files.flatMap(\.diagnostics) + (script?.diagnostics ?? [])
        occurrences = files.flatMap(\.occurrences) + (script?.occurrences ?? [])
    }

    /// All keys set anywhere, sorted.
    public var keys: [String] { Set(occurrences.map(\.key)).sorted() }

    /// The value that takes effect for `key` (flags beat files; later drop-ins beat earlier;
    /// `key+:` appends), with the location of the occurrence that decided it. nil when unset.
    public func effective(_ key: String) -> SettingValue? {
        var result: SettingValue?
        for occurrence in occurrences where occurrence.key == key {
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
        return result
    }

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
                    facts.files[path]?.content = Array(text.utf8)
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
