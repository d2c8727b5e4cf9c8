#!/usr/bin/python3 -I
"""K3s emulator entry point: `k3semu.py TOOL ARG...`.

The lab puts tiny shims in each node's /usr/local/bin (k3s, systemctl, k3s-killall.sh, ...);
each one runs this file with its tool name. See Tests/lab/README.md.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# Bytecode goes to the lab's shared cluster dir (writable by root in every node), never into
# the repository, which is mounted read-only in the nodes anyway.
sys.pycache_prefix = "/var/lib/k3s-lab/cluster/.pycache"

from k3semu.main import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
