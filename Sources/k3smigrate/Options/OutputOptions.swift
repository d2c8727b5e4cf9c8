import ArgumentParser

// Each command offers only the formats it can produce; argument-parser lists them in help and
// completions and refuses any other value as a usage error.

/// `--format` of commands that print a text summary or one JSON document (or JSON lines).
enum TextOrJSON: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `--format` of `plan` and `show`: a saved or fresh plan in every picture it has.
enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, dot, mermaid
}

/// `--format` of `runs show`: a table, the journal as JSON, or a timeline picture.
enum RunFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, svg, html
}

/// `--color auto|always|never`.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

/// `--color`, on every command that prints.
struct ColorOption: ParsableArguments {
    @Option(help: ArgumentHelp("auto (colour on a terminal, unless NO_COLOR is set or TERM=dumb; FORCE_COLOR forces it), always or never.", valueName: "WHEN"))
    var color: ColorChoice = .auto
}
