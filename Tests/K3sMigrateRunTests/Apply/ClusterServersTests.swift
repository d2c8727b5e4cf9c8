import Testing
import K3sMigrateCore
@testable import K3sMigrateRun

/// Which service health polls address on each server (`is-active NAME && k3s kubectl get nodes`).
@Suite("cluster servers: the service health polls ask")
struct ClusterServersTests {
    @Test("from the server's health gate, else its facts (INSTALL_K3S_NAME's k3s-NAME), else k3s")
    func serviceOfEachServer() {
        let gate = Step(id: "s1/health", host: "s1", role: .server, kind: .healthGate, title: "wait", changes: false,
                        action: .health(HealthExpectation(service: "k3s-main", nodeName: "s1", backend: nil, timeoutSeconds: 5, manager: .openrc)),
                        dependsOn: [])
        let plan = Plan(cluster: "c", playbook: "p", steps: [gate], skipped: [], warnings: [])
        let edge = "/etc/systemd/system/k3s-edge.service"
        let facts = FleetFacts(["s2": HostFacts(host: "s2", files: [edge: FileFact(path: edge, text: "[Service]\nExecStart=/usr/local/bin/k3s server\n")])])
        let servers = ClusterServers(plan: plan, extra: ["s2", "s3"], facts: facts).servers
        #expect(servers.map(\.name) == ["s1", "s2", "s3"])
        #expect(servers.map(\.service) == [K3sService(name: "k3s-main", manager: .openrc),
                                            K3sService(name: "k3s-edge", manager: .systemd),
                                            .standard(.server)])
        #expect(RemoteCommands.clusterView(servers[1].service).script == "systemctl is-active k3s-edge && k3s kubectl get nodes -o json")
        #expect(RemoteCommands.clusterView(servers[0].service).script
                    == "rc-service k3s-main status > /dev/null && echo active && k3s kubectl get nodes -o json")
    }
}
