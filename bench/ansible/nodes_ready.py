#!/usr/bin/python3
"""Reads `kubectl get nodes -o json` on stdin; prints how many nodes are Ready with flannel
backend-type BACKEND, as `N/M`. Exit 0 only when all are.

usage: k3s kubectl get nodes -o json | nodes_ready.py BACKEND_TYPE
"""
import json
import sys


def main(argv):
    want = argv[1] if len(argv) > 1 else "wireguard"
    nodes = json.load(sys.stdin).get("items", [])
    good = 0
    for node in nodes:
        conditions = node.get("status", {}).get("conditions", [])
        ready = any(c.get("type") == "Ready" and c.get("status") == "True" for c in conditions)
        backend = node.get("metadata", {}).get("annotations", {}).get("flannel.alpha.coreos.com/backend-type")
        good += ready and backend == want
    print("%d/%d" % (good, len(nodes)))
    return 0 if nodes and good == len(nodes) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
