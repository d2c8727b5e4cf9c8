#!/usr/bin/python3
"""Writes an Ansible YAML inventory for a lab: same hosts and addresses as the lab's
k3smigrate inventory, groups `servers` and `agents`, the lab key, and ssh checking host keys
strictly against the lab's known_hosts.

usage: inventory.py LAB_INVENTORY.yaml OUT.yaml
"""
import shlex
import sys

import yaml


def ansible_inventory(lab):
    ssh = lab["ssh"]
    common_args = " ".join([
        "-o", shlex.quote("UserKnownHostsFile=%s" % ssh["known_hosts"]),
        "-o", "StrictHostKeyChecking=yes",
        "-o", "GlobalKnownHostsFile=/dev/null",
    ])
    def group(hosts):
        return {"hosts": {h["name"]: {"ansible_host": h["address"]} for h in hosts or []}}
    return {"all": {
        "vars": {
            "ansible_user": ssh.get("user", "root"),
            "ansible_port": ssh.get("port", 22),
            "ansible_ssh_private_key_file": ssh["identity_file"],
            "ansible_ssh_common_args": common_args,
            # Every lab node shares the machine's /usr: name the interpreter instead of letting
            # Ansible discover it on each host (cheaper for Ansible, and what a tuned setup does).
            "ansible_python_interpreter": "/usr/bin/python3",
        },
        "children": {"servers": group(lab.get("servers")), "agents": group(lab.get("agents"))},
    }}


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: inventory.py LAB_INVENTORY.yaml OUT.yaml\n")
        return 2
    with open(argv[1], encoding="utf-8") as source:
        lab = yaml.safe_load(source)
    with open(argv[2], "w", encoding="utf-8") as out:
        yaml.safe_dump(ansible_inventory(lab), out, default_flow_style=False, sort_keys=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
