// Latency of one command on an open SSHHost session, for bench/ssh-latency.sh.
// Usage: k3smigrate-bench-ssh HOST PORT USER KEY KNOWN_HOSTS RUNS
import Foundation
import K3sMigrateCore
import K3sMigrateSSH

let arguments = CommandLine.arguments
guard arguments.count == 7, let port = Int(arguments[2]), let runs = Int(arguments[6]) else {
    FileHandle.standardError.write(Data("usage: k3smigrate-bench-ssh HOST PORT USER KEY KNOWN_HOSTS RUNS\n".utf8))
    exit(2)
}
let target = SSHTarget(name: "bench", address: arguments[1], port: port, user: arguments[3],
                       identityFiles: [arguments[4]], knownHostsPath: arguments[5], useAgent: false)

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) / 1e15
}

func report(_ label: String, _ samples: [Double]) {
    let sorted = samples.sorted()
    let median = sorted[sorted.count / 2]
    let p99 = sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.99).rounded(.up)) - 1)]
    let mean = sorted.reduce(0, +) / Double(sorted.count)
    print(String(format: "%-34@ runs=%d median=%.3f ms p99=%.3f ms mean=%.3f ms", label as NSString, sorted.count, median, p99, mean))
}

let clock = ContinuousClock()
let connectStart = clock.now
let host = try await SSHHost.connect(target)
print(String(format: "connect+hostkey+auth: %.1f ms", milliseconds(clock.now - connectStart)))

for (label, timeout) in [("SSHHost.run(true, no timeout)", 0), ("SSHHost.run(true, timeout 30)", 30)] {
    for _ in 0..<10 { _ = try await host.run(ShellCommand("true"), timeoutSeconds: timeout) }
    var samples: [Double] = []
    for _ in 0..<runs {
        let start = clock.now
        let result = try await host.run(ShellCommand("true"), timeoutSeconds: timeout)
        samples.append(milliseconds(clock.now - start))
        precondition(result.succeeded, "remote true failed: \(result)")
    }
    report(label, samples)
}
await host.close()

// Fan-out: 50 sessions at once through SSHPool, each running one command.
let fleet = (0..<50).map { index -> SSHTarget in
    var member = target
    member.name = "bench-\(index)"
    return member
}
let pool = SSHPool(maxParallel: 50)
let fanOutStart = clock.now
let connected = await pool.connectAll(fleet)
let hosts = connected.values.compactMap { try? $0.get() }
try await withThrowingTaskGroup(of: Void.self) { group in
    for member in hosts {
        group.addTask { _ = try await member.run(ShellCommand("true"), timeoutSeconds: 30) }
    }
    try await group.waitForAll()
}
print(String(format: "50 sessions: connect + one command each: %.0f ms wall (%d connected)",
             milliseconds(clock.now - fanOutStart), hosts.count))
await pool.close()
