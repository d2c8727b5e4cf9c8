"""What a backend leaves on the node when K3s starts: its links (created, the others removed),
cni0, flannel's iptables chains and net-conf.json.

The kernel here has no wireguard link type, so a bridge named like the WireGuard link
(flannel-wg, or flannel.1 for the legacy backend) stands in for it."""
import contextlib
import json
import os

from . import atomicfile, iptables, links, paths

# K3s's net-conf.json backend Type, which flannel also puts in the backend-type annotation.
BACKEND_TYPE = {"vxlan": "vxlan", "host-gw": "host-gw", "wireguard-native": "wireguard",
                "wireguard": "extension", "ipsec": "ipsec", "tailscale": "extension"}


class FlannelError(Exception):
    pass


def desired_links(backend, node_ip, uplink, dual_stack):
    wanted = {}
    if backend == "vxlan":
        wanted["flannel.1"] = {"kind": "vxlan", "extra": "id 1 local %s dev %s dstport 8472 "
                               "nolearning" % (node_ip, uplink)}
        if dual_stack:
            wanted["flannel-v6.1"] = {"kind": "bridge"}
    elif backend == "wireguard":
        wanted["flannel.1"] = {"kind": "bridge"}
    elif backend == "wireguard-native":
        wanted["flannel-wg"] = {"kind": "bridge"}
        if dual_stack:
            wanted["flannel-wg-v6"] = {"kind": "bridge"}
    if backend != "none":
        wanted["cni0"] = {"kind": "bridge"}
    return wanted


def _write_conf(backend, cidr):
    if backend == "none":
        with contextlib.suppress(OSError):
            os.remove(paths.FLANNEL_CONF)
        return
    conf = {"Network": cidr.split(",")[0], "EnableIPv4": True,
            "EnableIPv6": "," in cidr, "Backend": {"Type": BACKEND_TYPE[backend]}}
    atomicfile.write_text(paths.FLANNEL_CONF, json.dumps(conf, indent=2) + "\n", mode=0o600)


def apply(backend, record):
    from . import nodeinfo
    node = nodeinfo.load()
    cidr = record.get("cluster-cidr") or "10.42.0.0/16"
    wanted = desired_links(backend, record["node-ip"], node.uplink, ":" in cidr)
    managed = set(links.FLANNEL_LINKS) | ({"cni0"} if "cni0" in wanted else set())
    try:
        links.reconcile(wanted, managed)
        iptables.add_k3s_rules(backend != "none", cidr.split(",")[0])
    except (links.LinkError, RuntimeError) as error:
        raise FlannelError("flannel exited: %s" % error)
    _write_conf(backend, cidr)
