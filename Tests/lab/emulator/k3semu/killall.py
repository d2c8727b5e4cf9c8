"""`k3s-killall.sh`: stop K3s, delete its links and its iptables rules (the same
`grep -v KUBE- | grep -v CNI- | grep -iv flannel` pipeline as the real script).

Hazard kept on purpose: when cilium_host, cilium_net or cilium_vxlan still exist, the node's
uplink goes down at the end (what the K3s docs warn about) and `uplink-down` is logged."""
from . import cluster, iptables, links, nodeinfo, restartlog, runtime, state

K3S_UNITS = ("k3s.service", "k3s-agent.service", "k3s", "k3s-agent")


def _k3s_services():
    """The real script stops every `/etc/systemd/system/k3s*.service` and `/etc/init.d/k3s*`:
    k3s, k3s-agent and INSTALL_K3S_NAME's k3s-NAME alike."""
    return sorted(set(K3S_UNITS) | {name for name in state.service_names()
                                    if name == "k3s" or name.startswith(("k3s-", "k3s."))})


def run(log=True):
    node = nodeinfo.load()
    hazard = [name for name in links.CILIUM_HAZARD_LINKS if links.exists(name)]
    backend = (cluster.read_record(node.name) or {}).get("backend")
    for unit in _k3s_services():
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
