"""`k3s-killall.sh`: stop K3s, delete its links and its iptables rules (the same
`grep -v KUBE- | grep -v CNI- | grep -iv flannel` pipeline as the real script).

Hazard kept on purpose: when cilium_host, cilium_net or cilium_vxlan still exist, the node's
uplink goes down at the end (what the K3s docs warn about) and `uplink-down` is logged."""
from . import cluster, iptables, links, nodeinfo, restartlog, runtime, state

K3S_UNITS = ("k3s.service", "k3s-agent.service", "k3s", "k3s-agent")


def run(log=True):
    node = nodeinfo.load()
    hazard = [name for name in links.CILIUM_HAZARD_LINKS if links.exists(name)]
    backend = (cluster.read_record(node.name) or {}).get("backend")
    for unit in K3S_UNITS:
        if state.service(unit)["ActiveState"] != "inactive":
            runtime.stop(unit, "killall", log=False)
    links.delete(links.KILLALL_LINKS)
    iptables.killall_cleanup()
    if log:
        restartlog.append(node.name, "killall", "k3s-killall.sh", "ok", backend)
    if hazard:
        restartlog.append(node.name, "uplink-down", node.uplink, ",".join(hazard), backend)
        links.set_down(node.uplink)
    return 0


def main(_argv):
    with state.node_lock():
        return run()
