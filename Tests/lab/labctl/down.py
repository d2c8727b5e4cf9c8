"""`lab down`: stop exactly the recorded processes, delete namespaces, veths and the bridge,
remove the state dir. Safe to repeat and safe after an interrupted `up`."""
import concurrent.futures
import contextlib
import os
import shutil
import subprocess
import sys

from . import naming, network, processes, statedir


def _host_mounts_under(path):
    found = []
    with open("/proc/self/mountinfo", encoding="utf-8") as handle:
        for line in handle:
            point = line.split()[4]
            if point == path or point.startswith(path.rstrip("/") + "/"):
                found.append(point)
    return sorted(found, reverse=True)


def remove_tree(state_dir):
    """rmtree, one thread per node dir: unlinks are slow on this disk, not CPU-bound."""
    nodes = os.path.join(state_dir, "nodes")
    with contextlib.suppress(FileNotFoundError):
        dirs = [os.path.join(nodes, entry) for entry in os.listdir(nodes)]
        with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
            list(pool.map(lambda d: shutil.rmtree(d, ignore_errors=True), dirs))
    shutil.rmtree(state_dir, ignore_errors=True)


def _looks_like_lab(state_dir):
    return (os.path.exists(os.path.join(state_dir, "lab.json"))
            or os.path.abspath(state_dir).startswith(statedir.ROOT + "/"))


def down(name, state_dir=None, keep=False):
    """Tear lab `name` down; returns a list of problems (empty when all went)."""
    naming.check_lab_name(name)
    state_dir = statedir.locate(name, state_dir)
    problems = []
    try:
        lab = statedir.load(state_dir)
    except statedir.LabNotFound:
        lab = None
    survivors = processes.stop_all(processes.read(os.path.join(state_dir, "pids")))
    problems += ["process %s of %s (pid %d) did not stop" % (k, n, p) for n, k, p in survivors]
    if lab:
        network.delete(int(lab["k"]), name, [node["name"] for node in lab["nodes"]])
    else:
        prefix = naming.netns(name, "")
        network.ip_batch(["netns del " + ns for ns in network.existing_netns()
                          if ns.startswith(prefix)], force=True)
    for point in _host_mounts_under(state_dir):
        subprocess.run(["umount", "-l", point], capture_output=True)
    if not keep and os.path.isdir(state_dir) and _looks_like_lab(state_dir):
        remove_tree(state_dir)
    if not keep:
        statedir.unregister(name)
    return problems


def sweep_orphans():
    """After every registered lab is down: delete k3m-* namespaces and k3mbr* bridges that no
    registered lab owns (left by labs whose state is gone). Processes in them were never
    recorded, so they are only reported."""
    notes = []
    with statedir.global_lock():
        owned_ns, owned_bridges = set(), set()
        for name, state_dir in statedir.registered().items():
            owned_ns.add(naming.netns(name, ""))
            with contextlib.suppress(statedir.LabNotFound, KeyError, ValueError):
                owned_bridges.add(naming.bridge(int(statedir.load(state_dir)["k"])))
        for ns in sorted(network.existing_netns()):
            if not ns.startswith("k3m-") or any(ns.startswith(p) for p in owned_ns):
                continue
            out = subprocess.run(["ip", "netns", "pids", ns], capture_output=True,
                                 text=True).stdout.split()
            if out:
                notes.append("namespace %s still has processes %s" % (ns, " ".join(out)))
            network.ip_batch(["netns del " + ns], force=True)
        for link in sorted(network.link_names()):
            if link.startswith("k3mbr") and link not in owned_bridges:
                network.ip_batch(["link del " + link], force=True)
    return notes


def down_all():
    problems = []
    for name, state_dir in statedir.registered().items():
        problems += down(name, state_dir)
    with contextlib.suppress(FileNotFoundError):
        for entry in os.listdir(statedir.ROOT):
            path = os.path.join(statedir.ROOT, entry)
            if not entry.startswith(".") and os.path.exists(os.path.join(path, "lab.json")):
                problems += down(entry, path)
    problems += sweep_orphans()
    for problem in problems:
        print("lab: " + problem, file=sys.stderr)
    return problems
