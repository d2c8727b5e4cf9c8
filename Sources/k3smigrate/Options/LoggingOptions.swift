import ArgumentParser

/// `-v` / `-vv` on commands that talk to hosts: every remote command (secrets masked) with its
/// exit code and duration, and the connection steps; `-vv` adds libssh2 error codes and byte
/// counts. K3SMIGRATE_LOG=debug|trace does the same. All on stderr.
struct LoggingOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Log each remote command (secrets masked), its exit code and duration, and connection steps to stderr; -vv adds libssh2 error codes and byte counts (also K3SMIGRATE_LOG=debug|trace).")
    var verbose: Int
}

/// A command whose `-v` sets up logging before it runs.
protocol VerboseCommand {
    var logging: LoggingOptions { get }
}
