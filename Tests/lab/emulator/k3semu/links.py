"""Network links inside the node, through iproute2 (the node is its own network namespace)."""
import json
import os
import subprocess

FLANNEL_LINKS = ("flannel.1", "flannel-v6.1", "flannel-wg", "flannel-wg-v6")
KILLALL_LINKS = ("cni0",) + FLANNEL_LINKS + ("kube-ipvs0",)
CILIUM_HAZARD_LINKS = ("cilium_host", "cilium_net", "cilium_vxlan")


class LinkError(Exception):
    pass


def existing():
    """{name: kind} for every link; kind is e.g. 'vxlan', 'bridge', 'veth' or '' for plain."""
    out = subprocess.run(["ip", "-j", "-d", "link", "show"], check=True,
                         capture_output=True, text=True).stdout
    return {item["ifname"]: item.get("linkinfo", {}).get("info_kind", "")
            for item in json.loads(out or "[]")}


def exists(name):
    return os.path.exists("/sys/class/net/" + name) or name in existing()


def _add_command(name, spec):
    kind = spec["kind"]
    if kind == "vxlan":
        extra = spec.get("extra", "")
        return "link add %s type vxlan %s" % (name, extra)
    if kind == "veth":
        return "link add %s type veth peer name %s" % (name, spec["peer"])
    return "link add %s type %s" % (name, kind)


def batch(commands):
    if not commands:
        return
    result = subprocess.run(["ip", "-batch", "-"], input="\n".join(commands) + "\n",
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise LinkError(" ".join(result.stderr.split()) or "ip -batch failed")


def reconcile(desired, managed):
    """Make the managed links match `desired` ({name: {'kind': .., 'extra': ..}}):
    delete managed links not desired or of the wrong kind, then add the missing ones (up)."""
    have = existing()
    commands = []
    for name in managed:
        if name in have and (name not in desired or have[name] != desired[name]["kind"]):
            commands.append("link del " + name)
            del have[name]
    for name, spec in desired.items():
        if name not in have:
            commands.append(_add_command(name, spec))
            commands.append("link set %s up" % name)
    batch(commands)


def delete(names):
    have = existing()
    batch(["link del " + name for name in names if name in have])


def set_down(name):
    subprocess.run(["ip", "link", "set", name, "down"], check=False, capture_output=True)
