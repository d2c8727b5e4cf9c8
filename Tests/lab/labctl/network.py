"""The lab's network: a bridge in the root namespace holding the controller's address, and one
network namespace per node joined to it by a veth whose node end is called eth0. Nodes get no
default route, so nothing they send can leave the lab."""
import subprocess

from . import naming


class NetworkError(Exception):
    pass


def ip_batch(commands, netns=None, force=False):
    if not commands:
        return ""
    args = ["ip"] + (["-n", netns] if netns else []) + (["-force"] if force else []) + \
        ["-batch", "-"]
    result = subprocess.run(args, input="\n".join(commands) + "\n", capture_output=True,
                            text=True)
    if result.returncode != 0 and not force:
        raise NetworkError("ip %s: %s" % ("-n " + netns if netns else "",
                                          " ".join(result.stderr.split())))
    return result.stderr


def link_names():
    out = subprocess.run(["ip", "-o", "link", "show"], capture_output=True, text=True).stdout
    return {line.split(":")[1].strip().split("@")[0] for line in out.splitlines()
            if line.count(":") >= 2}


def link_exists(name):
    return name in link_names()


def create_bridge(k):
    name = naming.bridge(k)
    ip_batch(["link add %s type bridge" % name,
              "addr add %s/24 dev %s" % (naming.host_address(k), name),
              "link set %s up" % name])
    try:
        with open("/proc/sys/net/ipv6/conf/%s/disable_ipv6" % name, "w") as knob:
            knob.write("1")
    except OSError:
        pass


def create_nodes(k, lab_name, nodes):
    """nodes: [(node, address, extra_commands)]; extra commands run inside the node's ns."""
    root = []
    for node, _address, _extra in nodes:
        ns, veth = naming.netns(lab_name, node), naming.host_veth(k, node)
        root += ["netns add %s" % ns,
                 "link add %s type veth peer name eth0 netns %s" % (veth, ns),
                 "link set %s master %s up" % (veth, naming.bridge(k))]
    ip_batch(root)
    for node, address, extra in nodes:
        ip_batch(["link set lo up", "addr add %s/24 dev eth0" % address, "link set eth0 up"]
                 + list(extra), netns=naming.netns(lab_name, node))


def existing_netns():
    out = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout
    return {line.split()[0] for line in out.splitlines() if line.strip()}


def delete(k, lab_name, nodes):
    present = existing_netns()
    commands = ["netns del %s" % naming.netns(lab_name, n) for n in nodes
                if naming.netns(lab_name, n) in present]
    links = link_names()
    commands += ["link del %s" % naming.host_veth(k, n) for n in nodes
                 if naming.host_veth(k, n) in links]
    if naming.bridge(k) in links:
        commands.append("link del %s" % naming.bridge(k))
    ip_batch(commands, force=True)
