/// The service that runs K3s on a node, named as install.sh names it (`setup_env`):
/// SYSTEM_NAME is `k3s-${INSTALL_K3S_NAME}` when INSTALL_K3S_NAME is set, else `k3s` for a
/// server and `k3s-agent` for an agent; the unit is `/etc/systemd/system/SYSTEM_NAME.service`
/// (env file `SYSTEM_NAME.service.env`), the OpenRC script `/etc/init.d/SYSTEM_NAME` (env file
/// `/etc/rancher/k3s/SYSTEM_NAME.env`), the uninstall script `SYSTEM_NAME-uninstall.sh`.
/// Restarts, health checks and uninstalls address the service by this name.
public struct K3sService: Sendable, Hashable, Codable {
    public var name: String
    public var manager: ServiceManager

    public init(name: String, manager: ServiceManager) {
        self.name = name
        self.manager = manager
    }

    /// The name install.sh gives `role` without INSTALL_K3S_NAME.
    public static func standard(_ role: Role, manager: ServiceManager = .systemd) -> K3sService {
        K3sService(name: role.serviceName, manager: manager)
    }

    /// The file that defines the service's command line.
    public var definitionPath: String {
        switch manager {
        case .systemd: return "\(K3sPaths.systemdDir)/\(name).service"
        case .openrc: return "\(K3sPaths.openrcDir)/\(name)"
        }
    }

    public var restart: ShellCommand { manager.restart(name) }
    public var isActive: ShellCommand { manager.isActive(name) }

    /// install.sh's `${BIN_DIR}/${SYSTEM_NAME}-uninstall.sh`.
    public var uninstallScript: String { "/usr/local/bin/\(name)-uninstall.sh" }

    /// The INSTALL_K3S_NAME part of `name` (`edge` of `k3s-edge`), nil for the standard names.
    public var installName: String? {
        guard name != Role.server.serviceName, name != Role.agent.serviceName, name.hasPrefix("k3s-") else { return nil }
        return String(name.dropFirst(4))
    }

    /// Whether `name` is one install.sh could have written: `k3s-` and then none of the
    /// characters its `setup_env` refuses (`[][!#$%&()*;<=>?\_`{|}/` and blanks), and none
    /// that a shell, systemctl or rc-service would read specially either: letters, digits and
    /// `-.@+:` only.
    public static func isValidName(_ name: String) -> Bool {
        guard name.hasPrefix("k3s"), name.count <= 200 else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-.@+:".unicodeScalars.contains(scalar))
        }
    }
}
