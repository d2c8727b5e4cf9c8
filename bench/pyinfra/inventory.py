#!/usr/bin/python3
"""Writes a pyinfra inventory (a Python module) for a lab: the same hosts and addresses as the
lab's k3smigrate inventory, groups `servers` and `agents` in inventory order, the lab key, and
host keys checked strictly against the lab's known_hosts.

usage: inventory.py LAB_INVENTORY.yaml OUT.py
"""
import sys

import yaml


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: inventory.py LAB_INVENTORY.yaml OUT.py\n")
        return 2
    with open(argv[1], encoding="utf-8") as source:
        lab = yaml.safe_load(source)
    ssh = lab["ssh"]
    data = {
        "ssh_user": ssh.get("user", "root"),
        "ssh_port": ssh.get("port", 22),
        "ssh_key": ssh["identity_file"],
        "ssh_known_hosts_file": ssh["known_hosts"],
        "ssh_strict_host_key_checking": "yes",
        "ssh_allow_agent": False,
        "ssh_look_for_keys": False,
    }
    with open(argv[2], "w", encoding="utf-8") as out:
        for group in ("servers", "agents"):
            hosts = [(h["name"], {"ssh_hostname": h["address"]}) for h in lab.get(group) or []]
            out.write("%s = (%r, %r)\n" % (group, hosts, data))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
