"""iptables state that K3s adds at start, that k3s-killall.sh removes, and Cilium's leftovers."""
import subprocess

_K3S_RULES = """*filter
:KUBE-FORWARD - [0:0]
-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
COMMIT
*nat
:KUBE-SERVICES - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
COMMIT
"""

_FLANNEL_RULES = """*filter
:FLANNEL-FWD - [0:0]
-A FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD
-A FLANNEL-FWD -s %(cidr)s -m comment --comment "flanneld forward" -j ACCEPT
COMMIT
*nat
:FLANNEL-POSTRTG - [0:0]
-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG
COMMIT
"""

_CILIUM_RULES = """*raw
:CILIUM_OUTPUT_raw - [0:0]
:CILIUM_PRE_raw - [0:0]
-A PREROUTING -m comment --comment "cilium-feeder: CILIUM_PRE_raw" -j CILIUM_PRE_raw
-A OUTPUT -m comment --comment "cilium-feeder: CILIUM_OUTPUT_raw" -j CILIUM_OUTPUT_raw
-A CILIUM_PRE_raw -m mark --mark 0x200/0xf00 -m comment --comment "cilium: NOTRACK for proxy traffic" -j ACCEPT
COMMIT
*mangle
:CILIUM_POST_mangle - [0:0]
:CILIUM_PRE_mangle - [0:0]
-A PREROUTING -m comment --comment "cilium-feeder: CILIUM_PRE_mangle" -j CILIUM_PRE_mangle
-A POSTROUTING -m comment --comment "cilium-feeder: CILIUM_POST_mangle" -j CILIUM_POST_mangle
COMMIT
*nat
:CILIUM_OUTPUT_nat - [0:0]
:CILIUM_POST_nat - [0:0]
:CILIUM_PRE_nat - [0:0]
-A PREROUTING -m comment --comment "cilium-feeder: CILIUM_PRE_nat" -j CILIUM_PRE_nat
-A OUTPUT -m comment --comment "cilium-feeder: CILIUM_OUTPUT_nat" -j CILIUM_OUTPUT_nat
-A POSTROUTING -m comment --comment "cilium-feeder: CILIUM_POST_nat" -j CILIUM_POST_nat
COMMIT
*filter
:CILIUM_FORWARD - [0:0]
:CILIUM_INPUT - [0:0]
:CILIUM_OUTPUT - [0:0]
-A INPUT -m comment --comment "cilium-feeder: CILIUM_INPUT" -j CILIUM_INPUT
-A FORWARD -m comment --comment "cilium-feeder: CILIUM_FORWARD" -j CILIUM_FORWARD
-A OUTPUT -m comment --comment "cilium-feeder: CILIUM_OUTPUT" -j CILIUM_OUTPUT
-A CILIUM_INPUT -m mark --mark 0x200/0xf00 -m comment --comment "cilium: ACCEPT for proxy traffic" -j ACCEPT
-A CILIUM_FORWARD -o cilium_host -m comment --comment "cilium: any->cluster on cilium_host forward accept" -j ACCEPT
-A CILIUM_OUTPUT -m mark --mark 0xa00/0xe00 -m comment --comment "cilium: ACCEPT for proxy return traffic" -j ACCEPT
-A INPUT -p tcp -m tcp --dport 9962 -m comment --comment "allow cilium metrics scrape (ops)" -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -m comment --comment "ops: allow ssh" -j ACCEPT
-A INPUT -p tcp -m tcp --dport 10250 -m comment --comment "ops: kubelet" -j ACCEPT
COMMIT
"""


def save(family=4):
    tool = "iptables-save" if family == 4 else "ip6tables-save"
    return subprocess.run([tool], check=True, capture_output=True, text=True).stdout


def restore(text, family=4, noflush=True):
    tool = "iptables-restore" if family == 4 else "ip6tables-restore"
    args = [tool] + (["--noflush"] if noflush else [])
    result = subprocess.run(args, input=text, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("%s: %s" % (tool, " ".join(result.stderr.split())))


def add_k3s_rules(with_flannel, cluster_cidr):
    current = save()
    if ":KUBE-FORWARD" not in current:
        restore(_K3S_RULES)
    if with_flannel and ":FLANNEL-FWD" not in current:
        restore(_FLANNEL_RULES % {"cidr": cluster_cidr})


def killall_filter(text):
    """What `grep -v KUBE- | grep -v CNI- | grep -iv flannel` keeps."""
    return "".join(line for line in text.splitlines(keepends=True)
                   if "KUBE-" not in line and "CNI-" not in line
                   and "flannel" not in line.lower())


def killall_cleanup():
    for family in (4, 6):
        restore(killall_filter(save(family)), family, noflush=False)


def add_cilium_leftovers():
    for family in (4, 6):
        if ":CILIUM_INPUT" not in save(family):
            restore(_CILIUM_RULES, family)
