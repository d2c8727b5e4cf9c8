import Foundation

/// Faults injected into lab nodes from outside, through `lab exec` (the node's own namespaces),
/// so that SSH and k3smigrate see them exactly as they would on a real host.
extension LabFleet {
    /// Drops every packet in and out of the node's network namespace: no RST, no ICMP, the host
    /// just goes silent (a network partition). `heal` lifts it.
    func partition(_ node: String) throws {
        let result = try exec(node, "iptables -I INPUT -j DROP && iptables -I OUTPUT -j DROP")
        guard result.status == 0 else { throw LabError.failed("partition \(node): \(result.stderr)") }
    }

    func heal(_ node: String) throws {
        let result = try exec(node, "iptables -D INPUT -j DROP; iptables -D OUTPUT -j DROP; true")
        guard result.status == 0 else { throw LabError.failed("heal \(node): \(result.stderr)") }
    }

    /// Mounts a tmpfs holding a copy of `directory` in the node's mount namespace and fills it,
    /// so that the next write there fails with ENOSPC while every file reads as before.
    /// `unfill` puts the original directory back.
    func fill(_ node: String, _ directory: String) throws {
        let script = """
            set -e
            d='\(directory)'; mkdir -p "$d"; t=$(mktemp -d /run/k3s-lab/fill.XXXXXX)
            cp -a "$d/." "$t/"
            mount -t tmpfs -o size=256k,mode=0755 k3s-lab-full "$d"
            cp -a "$t/." "$d/"; rm -rf "$t"
            dd if=/dev/zero of="$d/.k3s-lab-filler" bs=4k 2>/dev/null || true
            """
        let result = try exec(node, script)
        guard result.status == 0 else { throw LabError.failed("fill \(node):\(directory): \(result.stderr)") }
    }

    func unfill(_ node: String, _ directory: String) throws {
        let result = try exec(node, "umount '\(directory)'")
        guard result.status == 0 else { throw LabError.failed("unfill \(node):\(directory): \(result.stderr)") }
    }

    /// Reboots the node in place (SIGUSR1 to its init, Tests/lab/node/init.sh `reboot_node`):
    /// every process of the node dies at once (SSH sessions drop, a command in flight is killed),
    /// K3s stops, and after `downFor` seconds the enabled K3s services start from the files on
    /// disk, then sshd (same host key). Returns once the signal is sent; `waitUntilUp` waits.
    func reboot(_ node: String, downFor seconds: Int = 2) throws {
        // The signal's own `lab exec` process dies in the reboot too: its status says nothing.
        _ = try exec(node, "printf %s \(seconds) > /run/k3s-lab-reboot && kill -USR1 1")
    }

    /// Whether the node's init has logged the end of its last reboot.
    func rebooted(_ node: String) throws -> Bool {
        let log = (try? String(contentsOfFile: stateDirectory + "/nodes/\(node)/init.log", encoding: .utf8)) ?? ""
        return log.split(separator: "\n").last { $0.contains(" reboot: ") }?.hasSuffix("reboot: up") ?? false
    }
}
