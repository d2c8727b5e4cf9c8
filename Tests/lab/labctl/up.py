"""`lab up`: build a lab, start K3s on every node (servers one by one first), print the
inventory path. Any failure before the nodes answer tears the half-built lab down again."""
import concurrent.futures
import datetime
import hashlib
import json
import os
import re
import secrets
import subprocess
import sys
import time

from . import (down, inventory, naming, network, nodefs, nodeproc, processes, scenarios,
               statedir)

EMULATOR_DIR = os.path.join(nodefs.LAB_DIR, "emulator")


class UpError(Exception):
    pass


def _say(message):
    print("lab: " + message, file=sys.stderr, flush=True)


def _host_subnets_in_use():
    out = subprocess.run(["ip", "-4", "-o", "addr", "show"], capture_output=True,
                         text=True).stdout
    used = {int(m.group(1)) for m in re.finditer(r"inet 10\.254\.(\d+)\.", out)}
    used |= {int(m.group(1)) for m in re.finditer(r"k3mbr(\d+)", "\n".join(network.link_names()))}
    return used


def choose_k(name):
    used = statedir.used_subnets() | _host_subnets_in_use()
    k = int(hashlib.sha256(name.encode()).hexdigest(), 16) % 254 + 1
    for _ in range(254):
        if k not in used:
            return k
        k = k % 254 + 1
    raise UpError("no free 10.254.K.0/24 subnet left for lab %s" % name)


def _plans(args, k):
    addresses = naming.addresses(k, args.servers, args.agents)
    plans = [scenarios.NodePlan(name=node, role="server" if node.startswith("s") else "agent",
                                address=addresses[node])
             for node in naming.node_names(args.servers, args.agents)]
    for plan in plans:
        if args.version:
            plan.version = args.version
        plan.restart_delay = args.restart_delay
    return plans


def _lab_nodes(name, k, plans):
    return [{"name": p.name, "role": p.role, "address": p.address, "init": p.init,
             "netns": naming.netns(name, p.name), "veth": naming.host_veth(k, p.name),
             "service": p.service, "ext_address": p.ext_address} for p in plans]


def _prepare_state(state_dir, name, token):
    cluster = os.path.join(state_dir, "cluster")
    os.makedirs(cluster, exist_ok=True)
    with open(os.path.join(cluster, "cluster.json"), "w", encoding="utf-8") as handle:
        json.dump({"cluster": "lab-" + name,
                   "token_sha256": hashlib.sha256(token.encode()).hexdigest()}, handle)
    log = os.path.join(cluster, "restarts.log")
    open(log, "a").close()
    os.chmod(log, 0o644)
    os.link(log, os.path.join(state_dir, "restarts.log"))
    key = os.path.join(state_dir, "id_ed25519")
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "lab-" + name,
                    "-f", key], check=True, stdin=subprocess.DEVNULL)
    with open(key + ".pub", encoding="utf-8") as handle:
        return handle.read()


def _start_nodes(name, state_dir, plans):
    cluster = os.path.join(state_dir, "cluster")
    pids_file = os.path.join(state_dir, "pids")
    launchers = {}
    for plan in plans:
        node_dir = os.path.join(state_dir, "nodes", plan.name)
        launchers[plan.name] = nodeproc.spawn(name, node_dir, plan.name, plan.init, cluster,
                                              EMULATOR_DIR)
        processes.record(pids_file, plan.name, "launcher", launchers[plan.name].pid)
    inits = {}
    for plan in plans:
        pid = processes.wait_for_child(launchers[plan.name].pid)
        if pid is None:
            raise UpError("node %s: its init never started" % plan.name)
        processes.record(pids_file, plan.name, "init", pid)
        inits[plan.name] = (pid, processes.starttime(pid))
    return inits


def _node_failure_details(state_dir, nodes):
    lines = []
    for node in nodes[:3]:
        for log in ("init.log", "launcher.log", "log/sshd.log"):
            path = os.path.join(state_dir, "nodes", node, log)
            if os.path.exists(path):
                with open(path, encoding="utf-8", errors="replace") as handle:
                    tail = handle.read().strip().splitlines()[-3:]
                if tail:
                    lines.append("  %s %s: %s" % (node, log, " | ".join(tail)))
    return "\n".join(lines)


def _start_k3s(plans, inits):
    """Servers one at a time in order, then agents in parallel; returns failures."""
    def start(plan):
        tool = ["rc-service", plan.service, "start"] if plan.init == "openrc" else \
            ["systemctl", "start", plan.service]
        script = " && ".join([" ".join(tool)] + plan.after_start)
        result = nodeproc.run_in(inits[plan.name][0], ["/bin/sh", "-c", script])
        return plan.name, result.returncode, (result.stderr or result.stdout).strip()

    failures = []
    for plan in (p for p in plans if p.role == "server"):
        node, code, text = start(plan)
        if code:
            failures.append("%s: %s" % (node, text))
    agents = [p for p in plans if p.role == "agent"]
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        for node, code, text in pool.map(start, agents):
            if code:
                failures.append("%s: %s" % (node, text))
    return failures


def _existing_lab(name, replace):
    state_dir = statedir.registered().get(name) or statedir.default_dir(name)
    if not os.path.exists(state_dir):
        return
    live = [e for e in processes.read(os.path.join(state_dir, "pids"))
            if processes.alive(e[2], e[3])]
    if live and not replace:
        raise UpError("lab %s is already up (run `lab down --name %s`, or use --replace)"
                      % (name, name))
    down.down(name, state_dir)


def up(args):
    name = naming.check_lab_name(args.name)
    if args.scenario not in scenarios.SCENARIOS:
        raise UpError("unknown scenario %s (one of: %s)"
                      % (args.scenario, ", ".join(scenarios.SCENARIOS)))
    if args.servers < 1 or args.agents < 0:
        raise UpError("a lab needs --servers >= 1 and --agents >= 0")
    started = time.monotonic()
    _existing_lab(name, args.replace)
    state_dir = os.path.abspath(args.state_dir or statedir.default_dir(name))
    if os.path.isdir(state_dir) and os.listdir(state_dir):
        raise UpError("state dir %s is not empty and holds no lab" % state_dir)
    with statedir.global_lock():
        k = choose_k(name)
        plans = _plans(args, k)
        os.makedirs(state_dir, mode=0o700, exist_ok=True)
        statedir.register(name, state_dir)
        statedir.save(state_dir, {
            "name": name, "k": k, "subnet": naming.subnet(k), "bridge": naming.bridge(k),
            "state_dir": state_dir, "scenario": args.scenario,
            "created": datetime.datetime.now(datetime.timezone.utc).isoformat(),
            "nodes": _lab_nodes(name, k, plans)})
        network.create_bridge(k)
    try:
        return _build(args, name, state_dir, k, plans, started)
    except BaseException:
        _say("up failed; tearing lab %s down" % name)
        down.down(name, state_dir)
        raise


def _build(args, name, state_dir, k, plans, started):
    token = "K10%s::server:%s" % (secrets.token_hex(24), secrets.token_hex(16))
    client_pub = _prepare_state(state_dir, name, token)
    scenarios.apply(args.scenario, plans, token)
    statedir.save(state_dir, dict(statedir.load(state_dir), nodes=_lab_nodes(name, k, plans)))
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        keys = dict(zip([p.name for p in plans], pool.map(
            lambda p: nodefs.prepare(os.path.join(state_dir, "nodes", p.name), p, plans,
                                     client_pub), plans)))
    network.create_nodes(k, name, [(p.name, p.address, p.netns_commands) for p in plans])
    inits = _start_nodes(name, state_dir, plans)
    silent = nodeproc.wait_for_sshd({p.name: p.address for p in plans}, inits,
                                    timeout=20 + 0.5 * len(plans))
    if silent:
        raise UpError("sshd did not answer on: %s\n%s"
                      % (", ".join(silent), _node_failure_details(state_dir, silent)))
    for plan in plans:
        sshd = processes.children(inits[plan.name][0])
        if sshd:
            processes.record(os.path.join(state_dir, "pids"), plan.name, "sshd", sshd[0])
    with open(os.path.join(state_dir, "known_hosts"), "w", encoding="utf-8") as handle:
        handle.write(inventory.known_hosts_text(plans, keys))
    inventory_path = os.path.join(state_dir, "inventory.yaml")
    with open(inventory_path, "w", encoding="utf-8") as handle:
        handle.write(inventory.inventory_text(name, state_dir, plans))
    failures = [] if args.no_start else _start_k3s(plans, inits)
    _say("lab %s: %d servers + %d agents on %s, scenario %s, up in %.1fs"
         % (name, args.servers, args.agents, naming.subnet(k), args.scenario,
            time.monotonic() - started))
    print(inventory_path, flush=True)
    if failures:
        _say("K3s failed to start on: " + "; ".join(failures))
        return 1
    return 0
