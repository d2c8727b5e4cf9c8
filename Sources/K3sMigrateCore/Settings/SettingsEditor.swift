/// Decides where one SettingChange is written on a node and produces the new file texts.
/// A key is changed where it takes effect: a unit/OpenRC flag beats the files; among the files
/// the last plain `key:` and the `key+:` entries after it.
struct SettingsEditor {
    let settings: NodeSettings

    private var host: String { settings.facts.host }

    /// New text per changed path (empty when nothing needs to change).
    func texts(for change: SettingChange) throws -> [String: String] {
        var splices: [String: [Splice]] = [:]
        if change.remove {
            if let script = settings.script {
                splices[script.path] = try FlagScriptEditor(script: script, host: host).remove(change.key)
            }
            for file in settings.configFiles {
                let editor = YAMLConfigEditor(file: file, host: host)
                splices[file.path] = try file.entries.filter { $0.key == change.key }.flatMap { try editor.remove($0) }
            }
        } else {
            splices = try setting(change.key, to: change.values, asList: change.asList)
        }
        var texts: [String: String] = [:]
        for (path, list) in splices where !list.isEmpty {
            if let script = settings.script, script.path == path {
                texts[path] = script.buffer.applying(list)
            } else if let file = settings.configFiles.first(where: { $0.path == path }) {
                texts[path] = file.buffer.applying(list)
            } else {
                texts[path] = list.map(\.replacement).joined()
            }
        }
        return texts.filter { settings.facts.files[$0.key]?.text != $0.value }
    }

    private func setting(_ key: String, to values: [String], asList: Bool) throws -> [String: [Splice]] {
        if let script = settings.script, !script.flags(for: key).isEmpty {
            // K3s reads `--k=x` once and a one-item list alike: equal values are no change.
            if script.flags(for: key).map(\.value) == values { return [:] }
            return [script.path: try FlagScriptEditor(script: script, host: host).set(key, to: values)]
        }
        let chain = settings.configFiles.flatMap { file in
            file.entries.filter { $0.key == key }.map { (file: file, entry: $0) }
        }
        guard !chain.isEmpty else { return try appending(key, values, asList: asList) }
        let winner = chain.lastIndex { !$0.entry.appends }
        let tail = Array(chain[((winner ?? -1) + 1)...])
        let appended = tail.flatMap { $0.entry.values ?? [] }
        let base = winner.map { chain[$0] }
        let baseIsReadable = base.map { $0.entry.values != nil } ?? true
        // `key: x` and `key: [x]` read alike, so equal values are no change whatever the shape.
        if baseIsReadable, (base?.entry.values ?? []) + appended == values { return [:] }

        var result: [String: [Splice]] = [:]
        func add(_ file: YAMLConfigFile, _ splices: [Splice]) { result[file.path, default: []] += splices }
        let keepsAppends = !appended.isEmpty && values.count > appended.count && Array(values.suffix(appended.count)) == appended
        if let base {
            let editor = YAMLConfigEditor(file: base.file, host: host)
            if keepsAppends {
                let prefix = Array(values.dropLast(appended.count))
                add(base.file, try editor.set(base.entry, to: prefix, asList: prefix.count > 1))
            } else {
                add(base.file, try editor.set(base.entry, to: values, asList: asList))
                for link in tail { add(link.file, try YAMLConfigEditor(file: link.file, host: host).remove(link.entry)) }
            }
        } else {
            let first = tail[0]
            let editor = YAMLConfigEditor(file: first.file, host: host)
            if keepsAppends {
                let prefix = Array(values.dropLast(appended.count))
                add(first.file, try editor.set(first.entry, to: prefix + (first.entry.values ?? []), asList: true))
            } else {
                add(first.file, try editor.set(first.entry, to: values, asList: true))
                for link in tail.dropFirst() { add(link.file, try YAMLConfigEditor(file: link.file, host: host).remove(link.entry)) }
            }
        }
        return result
    }

    /// Adds the key to config.yaml, creating it when absent.
    private func appending(_ key: String, _ values: [String], asList: Bool) throws -> [String: [Splice]] {
        if let main = settings.configFiles.first(where: { $0.origin == .configFile }) {
            return [main.path: try YAMLConfigEditor(file: main, host: host).append(key: key, values: values, asList: asList)]
        }
        let text = YAMLConfigEditor.newFile(key: key, values: values, asList: asList)
        return [K3sPaths.config: [Splice.insert(at: 0, text)]]
    }
}
