#!/usr/bin/env python3
"""Writes a synthetic fleet for benchmarks: inventory.yaml plus a --from-dir tree.

usage: make-fleet.py OUT_DIR SERVERS AGENTS
Servers run the legacy wireguard backend set in config.yaml, a drop-in or a unit flag (in turn);
agents carry a small config.yaml. Every node has facts.yaml with version and kernel modules.
"""
import os
import sys

UNIT = """[Unit]
Description=Lightweight Kubernetes

[Service]
Type={type}
EnvironmentFile=-/etc/systemd/system/{name}.service.env
ExecStart=/usr/local/bin/k3s \\
{flags}
"""
FACTS = "k3s_version: v1.25.16+k3s4\nkernel_modules: [wireguard]\ninterfaces: [lo, eth0, flannel.1]\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def main():
    out, servers, agents = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    nodes = os.path.join(out, "nodes")
    inv = ["cluster: bench", "ssh:", "  user: root", "servers:"]
    for i in range(1, servers + 1):
        name = f"s{i}"
        inv += [f"  - name: {name}", f"    address: 10.200.{i // 250}.{i % 250 + 1}"]
        flags = ["server"] + ([] if i == 1 else ["--server", "https://10.200.0.2:6443"])
        config = "cluster-init: true\n" if i == 1 else ""
        mode = i % 3
        if mode == 0:
            config += "# backend\nflannel-backend: \"wireguard\"\n"
        elif mode == 1:
            write(f"{nodes}/{name}/etc/rancher/k3s/config.yaml.d/50-flannel.yaml", "flannel-backend: wireguard\n")
        else:
            flags.append("--flannel-backend=wireguard")
        write(f"{nodes}/{name}/etc/rancher/k3s/config.yaml", config + "node-label:\n  - role=server\n")
        write(f"{nodes}/{name}/etc/systemd/system/k3s.service",
              UNIT.format(type="notify", name="k3s", flags="".join(f"\t'{f}' \\\n" for f in flags)))
        write(f"{nodes}/{name}/facts.yaml", FACTS)
    inv.append("agents:")
    for i in range(1, agents + 1):
        name = f"a{i}"
        inv += [f"  - name: {name}", f"    address: 10.201.{i // 250}.{i % 250 + 1}"]
        write(f"{nodes}/{name}/etc/rancher/k3s/config.yaml",
              f"server: https://10.200.0.2:6443\nnode-label:\n  - pool=p{i % 7}\n")
        write(f"{nodes}/{name}/etc/systemd/system/k3s-agent.service",
              UNIT.format(type="exec", name="k3s-agent", flags="\t'agent' \\\n"))
        write(f"{nodes}/{name}/facts.yaml", FACTS)
    write(os.path.join(out, "inventory.yaml"), "\n".join(inv) + "\n")


if __name__ == "__main__":
    main()
