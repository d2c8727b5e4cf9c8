import Yams

/// Turns a Yams error into a one-line diagnostic with file, line and column.
enum YAMLErrorLocation {
    static func diagnostic(for error: Error, file: String, rule: String) -> Diagnostic {
        if let yamlError = error as? YamlError {
            switch yamlError {
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
                let what = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
                return .error(rule, at: SourceLocation(file: file, line: mark.line, column: mark.column), "invalid YAML: \(what)")
            case .composer(let context, let problem, let mark, _):
                let what = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
                return .error(rule, at: SourceLocation(file: file, line: mark.line, column: mark.column), "invalid YAML: \(what)")
            case .duplicatedKeysInMapping(let duplicates, _):
                return .error(rule, at: SourceLocation(file: file), "invalid YAML: duplicate keys \(duplicates.joined(separator: ", "))")
            default:
                break
            }
        }
        // Yams' own descriptions quote the document, which may hold secrets: name only the kind.
        return .error(rule, at: SourceLocation(file: file), "invalid YAML (\(type(of: error)))")
    }
}
