"""`lab status` and `lab log`."""
import json
import os
import sys

from . import processes, statedir


def node_rows(state_dir, lab):
    pids = processes.read(os.path.join(state_dir, "pids"))
    rows = []
    for node in lab["nodes"]:
        mine = {kind: (pid, start) for n, kind, pid, start in pids if n == node["name"]}
        sshd = mine.get("sshd")
        record_path = os.path.join(state_dir, "cluster", node["name"] + ".json")
        try:
            with open(record_path, encoding="utf-8") as handle:
                record = json.load(handle)
        except (OSError, ValueError):
            record = {}
        rows.append({"name": node["name"], "role": node["role"], "address": node["address"],
                     "init": node.get("init", "systemd"),
                     "sshd_pid": sshd[0] if sshd else None,
                     "alive": bool(sshd and processes.alive(*sshd)),
                     "k3s": record.get("state", "unknown"), "backend": record.get("backend")})
    return rows


def status(name, state_dir=None, as_json=False):
    state_dir = statedir.locate(name, state_dir)
    lab = statedir.load(state_dir)
    rows = node_rows(state_dir, lab)
    if as_json:
        print(json.dumps({"name": name, "state_dir": state_dir, "subnet": lab["subnet"],
                          "scenario": lab["scenario"],
                          "inventory": os.path.join(state_dir, "inventory.yaml"),
                          "nodes": rows}, indent=2))
    else:
        print("lab %s  scenario %s  subnet %s  state %s" % (name, lab["scenario"],
                                                          lab["subnet"], state_dir))
        print("%-6s %-7s %-15s %-8s %-6s %-12s %s" % ("NODE", "ROLE", "ADDRESS", "INIT",
                                                      "SSHD", "K3S", "BACKEND"))
        for row in rows:
            print("%-6s %-7s %-15s %-8s %-6s %-12s %s" % (
                row["name"], row["role"], row["address"], row["init"],
                "up" if row["alive"] else "down", row["k3s"], row["backend"] or "-"))
    return 0 if all(row["alive"] for row in rows) else 1


def log(name, state_dir=None):
    state_dir = statedir.locate(name, state_dir)
    path = os.path.join(state_dir, "restarts.log")
    if not os.path.exists(path):
        raise statedir.LabNotFound("no restart log at %s" % path)
    with open(path, encoding="utf-8") as handle:
        sys.stdout.write(handle.read())
    return 0
