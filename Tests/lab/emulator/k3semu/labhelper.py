"""`k3s-lab`: lab-only helpers run inside a node.

  k3s-lab cilium-leftovers   create what an uninstalled Cilium leaves behind (links, rules, CNI conf)
  k3s-lab state              print this node's cluster record and service states as JSON"""
import json
import os
import sys

from . import atomicfile, cluster, iptables, links, nodeinfo, paths, state

CILIUM_CONFLIST = """{
  "cniVersion": "0.3.1",
  "name": "cilium",
  "plugins": [
    {
      "type": "cilium-cni",
      "enable-debug": false,
      "log-file": "/var/run/cilium/cilium-cni.log"
    }
  ]
}
"""


def cilium_leftovers():
    commands = []
    have = links.existing()
    if "cilium_host" not in have:
        commands += ["link add cilium_host type veth peer name cilium_net",
                     "link set cilium_host up", "link set cilium_net up"]
    if "cilium_vxlan" not in have:
        commands += ["link add cilium_vxlan type vxlan external dstport 8472",
                     "link set cilium_vxlan up"]
    links.batch(commands)
    iptables.add_cilium_leftovers()
    atomicfile.write_text(os.path.join(paths.CNI_CONF_DIR, "05-cilium.conflist"),
                          CILIUM_CONFLIST)
    return 0


def show_state():
    node = nodeinfo.load()
    names = {"k3s.service", "k3s-agent.service", "k3s", "k3s-agent"}
    names |= {name for name in state.service_names() if name.startswith("k3s")}
    services = {name: state.service(name) for name in sorted(names)}
    print(json.dumps({"record": cluster.read_record(node.name), "services": services},
                     indent=2, sort_keys=True))
    return 0


def main(argv):
    if argv[:1] == ["cilium-leftovers"]:
        return cilium_leftovers()
    if argv[:1] == ["state"]:
        return show_state()
    print(__doc__, file=sys.stderr)
    return 1
