/// Decides where one SettingChange is written on a node and produces the new file texts.
/// A key is changed where it takes effect, by K3s's merge rule (see `NodeSettings`): a
/// single-value flag in the unit/OpenRC script beats the files; a list is the files' items
/// followed by the flags' items, so a list edit splits the wanted list between the two, changing
/// as little as it can. Among the files: the last plain `key:` and the `key+:` entries after it.
/// The environment (env file, `Environment=`) is never edited: a config-file value beats it.
struct SettingsEditor {
    let settings: NodeSettings

    private var host: String { settings.facts.host }

    /// New text per changed path (empty when nothing needs to change).
    func texts(for change: SettingChange) throws -> [String: String] {
        var splices: [String: [Splice]] = [:]
        if change.remove {
            if let variable = settings.environmentValue(change.key) {
                throw Diagnostic.error("environment-setting", host: host, at: variable.location,
                                       "can't remove \(change.key): \(variable.variable ?? "a variable") in \(variable.location.file) sets it too and would take effect; k3smigrate does not edit env files, remove it there")
            }
            if let script = settings.script {
                splices[script.path] = try FlagScriptEditor(script: script, host: host).remove(change.key)
            }
            merge(&splices, try fileRemoval(change.key))
        } else if K3sFlagCatalog.isList(change.key) {
            splices = try settingList(change.key, to: change.values, asList: change.asList)
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

    private func merge(_ into: inout [String: [Splice]], _ more: [String: [Splice]]) {
        for (path, list) in more { into[path, default: []] += list }
    }

    /// A single-value key: a flag beats the files, so change the flag when there is one.
    private func setting(_ key: String, to values: [String], asList: Bool) throws -> [String: [Splice]] {
        if let script = settings.script, !script.flags(for: key).isEmpty {
            // K3s reads `--k=x` once and a one-item list alike: equal values are no change.
            if script.flags(for: key).map(\.value) == values { return [:] }
            return [script.path: try FlagScriptEditor(script: script, host: host).set(key, to: values)]
        }
        return try fileSplices(key, to: values, asList: asList)
    }

    /// A list key: in effect are the files' items (F) followed by the flags' items (C). The
    /// wanted list D is split into F' + C': item by item when the length stays, else keeping
    /// the files (D starts with F) or the flags (D ends with C) as they are, else all in the files.
    private func settingList(_ key: String, to wanted: [String], asList: Bool) throws -> [String: [Splice]] {
        let flags = settings.script?.flags(for: key) ?? []
        guard let script = settings.script, !flags.isEmpty else { return try fileSplices(key, to: wanted, asList: asList) }
        let inFiles = settings.fileValue(key)?.values ?? []
        let inFlags = flags.map(\.value)
        if inFiles + inFlags == wanted { return [:] }
        let hasFileEntries = settings.configFiles.contains { $0.entries.contains { $0.key == key } }
        guard hasFileEntries else {
            return [script.path: try FlagScriptEditor(script: script, host: host).set(key, to: wanted)]
        }
        let files: [String]
        let flagItems: [String]
        if wanted.count == inFiles.count + inFlags.count {
            files = Array(wanted.prefix(inFiles.count))
            flagItems = Array(wanted.suffix(inFlags.count))
        } else if wanted.starts(with: inFiles) {
            files = inFiles
            flagItems = Array(wanted.dropFirst(inFiles.count))
        } else if wanted.count >= inFlags.count, Array(wanted.suffix(inFlags.count)) == inFlags {
            files = Array(wanted.dropLast(inFlags.count))
            flagItems = inFlags
        } else {
            files = wanted
            flagItems = []
        }
        var result: [String: [Splice]] = [:]
        if files != inFiles {
            result = files.isEmpty ? try fileRemoval(key) : try fileSplices(key, to: files, asList: true)
        }
        if flagItems != inFlags {
            result[script.path, default: []] += try FlagScriptEditor(script: script, host: host).set(key, to: flagItems)
        }
        return result
    }

    private func fileRemoval(_ key: String) throws -> [String: [Splice]] {
        var result: [String: [Splice]] = [:]
        for file in settings.configFiles {
            let editor = YAMLConfigEditor(file: file, host: host)
            let splices = try file.entries.filter { $0.key == key }.flatMap { try editor.remove($0) }
            if !splices.isEmpty { result[file.path] = splices }
        }
        return result
    }

    /// Makes the config files give `key` the value(s) `values`.
    private func fileSplices(_ key: String, to values: [String], asList: Bool) throws -> [String: [Splice]] {
        let chain = settings.configFiles.flatMap { file in
            file.entries.filter { $0.key == key }.map { (file: file, entry: $0) }
        }
        guard !chain.isEmpty else { return try appending(key, values, asList: asList) }
        let winner = chain.lastIndex { !$0.entry.appends }
        let links = Array(chain[(winner ?? 0)...])
        let tail = Array(chain[((winner ?? -1) + 1)...])
        let appended = tail.flatMap { $0.entry.values ?? [] }
        let base = winner.map { chain[$0] }
        let baseIsReadable = base.map { $0.entry.values != nil } ?? true
        // `key: x` and `key: [x]` read alike, so equal values are no change whatever the shape.
        if baseIsReadable, (base?.entry.values ?? []) + appended == values { return [:] }

        var result: [String: [Splice]] = [:]
        func add(_ file: YAMLConfigFile, _ splices: [Splice]) { result[file.path, default: []] += splices }
        // Same number of items across the entries: change each entry's own items in place.
        let counts = links.map { $0.entry.values?.count }
        if counts.allSatisfy({ $0 != nil }), counts.reduce(0, { $0 + $1! }) == values.count, links.count > 1 {
            var offset = 0
            for link in links {
                let own = link.entry.values!
                let new = Array(values[offset..<(offset + own.count)])
                offset += own.count
                if new != own {
                    add(link.file, try YAMLConfigEditor(file: link.file, host: host).set(link.entry, to: new, asList: link.entry.isList || new.count > 1))
                }
            }
            return result
        }
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

    /// Adds the key to the config file K3s reads, creating it when absent.
    private func appending(_ key: String, _ values: [String], asList: Bool) throws -> [String: [Splice]] {
        if let main = settings.configFiles.first(where: { $0.origin == .configFile }) {
            return [main.path: try YAMLConfigEditor(file: main, host: host).append(key: key, values: values, asList: asList)]
        }
        let text = YAMLConfigEditor.newFile(key: key, values: values, asList: asList)
        return [settings.configPath: [Splice.insert(at: 0, text)]]
    }
}
