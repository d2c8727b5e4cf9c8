/// One change to a node's settings, for `NodeSettings.edits(_:)`.
public struct SettingChange: Sendable, Hashable, Codable {
    /// Flag name without dashes (`flannel-backend`).
    public var key: String
    /// The value(s) the key must take effect with; ignored when `remove` is true.
    public var values: [String]
    /// Write a list even for one value.
    public var asList: Bool
    /// Remove the key everywhere it is set instead of setting it.
    public var remove: Bool

    public init(key: String, values: [String], asList: Bool = false, remove: Bool = false) {
        self.key = key
        self.values = values
        self.asList = asList
        self.remove = remove
    }

    public static func set(_ key: String, to value: String) -> SettingChange {
        SettingChange(key: key, values: [value])
    }

    public static func set(_ key: String, toList values: [String]) -> SettingChange {
        SettingChange(key: key, values: values, asList: true)
    }

    public static func remove(_ key: String) -> SettingChange {
        SettingChange(key: key, values: [], remove: true)
    }
}
