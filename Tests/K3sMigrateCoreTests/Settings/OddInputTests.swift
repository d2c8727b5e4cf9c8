import Testing
@testable import K3sMigrateCore

/// Reading and editing never crash, whatever is cut off or mangled: every corpus file is read
/// truncated at many points and with lines dropped, and an edit is attempted on each variant.
@Suite struct OddInputTests {
    static let fixtures = (try? SettingsFixtures.names(in: "realworld/config").map { "config/" + $0 }
        + SettingsFixtures.names(in: "realworld/unit").map { "unit/" + $0 }
        + SettingsFixtures.names(in: "realworld/openrc").map { "openrc/" + $0 }) ?? []

    static func path(for fixture: String) -> String {
        fixture.hasPrefix("config/") ? K3sPaths.config : fixture.hasPrefix("unit/") ? K3sPaths.systemdUnit(.server) : K3sPaths.openrcScript(.server)
    }

    /// Never crashes; every diagnostic names its file; and an edit that succeeds really sets the
    /// value: reading the edited files back gives exactly what was asked.
    func exercise(_ text: String, at path: String) {
        let settings = NodeSettings(facts: SettingsFixtures.facts([path: text]), role: .server)
        #expect(settings.diagnostics.allSatisfy { $0.location?.file.isEmpty == false })
        for key in ["flannel-backend", "disable", "node-external-ip"] {
            _ = try? settings.edits(setting: key, to: ["x", "y"], asList: true)
            if let changes = try? settings.edits(setting: key, to: ["z"], asList: false), !changes.isEmpty {
                var files = [path: text]
                for change in changes { files[change.path] = change.after }
                let reread = NodeSettings(facts: SettingsFixtures.facts(files), role: .server)
                if !reread.diagnostics.contains(where: { $0.severity == .error }) {
                    #expect(reread.effective(key)?.values == ["z"], "setting \(key) on a variant of \(path):\n\(text.debugDescription)\n->\n\(files[path]?.debugDescription ?? "")")
                }
            }
            _ = try? settings.edits(removing: key)
        }
        for key in settings.keys { _ = try? settings.edits(removing: key) }
    }

    @Test(arguments: fixtures)
    func truncatedAndMangled(_ fixture: String) throws {
        let text = try SettingsFixtures.text("realworld/" + fixture)
        let scalars = Array(text.unicodeScalars)
        let path = Self.path(for: fixture)
        for cut in stride(from: 0, through: scalars.count, by: 5) {
            exercise(TextBuffer.string(scalars[..<cut]), at: path)
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for dropped in lines.indices {
            var copy = lines
            copy.remove(at: dropped)
            exercise(copy.joined(separator: "\n"), at: path)
        }
        for junk in ["\t", "'", "\"", "\\", "[", "{", ":", "#", "\r", "\u{FEFF}", "- ", "${X}", "%%"] {
            exercise(text.replacingFirst("\n", with: "\n" + junk), at: path)
            exercise(junk + text, at: path)
        }
    }
}

private extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self + replacement }
        return replacingCharacters(in: range, with: replacement)
    }
}
