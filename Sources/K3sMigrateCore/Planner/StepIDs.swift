/// Readable, unique step-id fragments.
enum StepIDs {
    /// The file's base name, or its full path when two edited files share a base name.
    static func fileLabel(_ path: String, among paths: [String]) -> String {
        let base = baseName(path)
        return paths.filter { baseName($0) == base }.count > 1 ? path : base
    }

    static func baseName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
