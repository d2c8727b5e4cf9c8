#!/usr/bin/env python3
"""Writes a synthetic fleet of small clusters for benchmarks and tests.

usage: make-fleet-of-clusters.py OUT_DIR CLUSTERS SERVERS AGENTS
OUT_DIR/inventories/<cluster>.yaml: one inventory per cluster, k3smigrate's format and
k3s-ansible's in turn; host names repeat from cluster to cluster (s1, a1...).
OUT_DIR/nodes/<cluster>/<host>/: the --from-dir tree of the fleet. Every third cluster is
already on wireguard-native (nothing to do); the others run the legacy wireguard backend.
"""
import os
import sys

UNIT = """[Unit]
Description=Lightweight Kubernetes

[Service]
Type={type}
EnvironmentFile=-/etc/systemd/system/{name}.service.env
ExecStart=/usr/local/bin/k3s \\
\t'{role}' \\
"""
FACTS = "k3s_version: v1.25.16+k3s4\nkernel_modules: [wireguard]\ninterfaces: [lo, eth0, flannel.1]\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def main():
    out, clusters, servers, agents = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    for c in range(1, clusters + 1):
        cluster = f"store-{c:04d}"
        backend = "wireguard-native" if c % 3 == 0 else "wireguard"
        net = f"10.{100 + c // 250}.{c % 250}"
        hosts = [(f"s{i}", "server", f"{net}.{10 + i}") for i in range(1, servers + 1)]
        hosts += [(f"a{i}", "agent", f"{net}.{100 + i}") for i in range(1, agents + 1)]
        if c % 2:
            inv = [f"cluster: {cluster}", "ssh:", "  user: root", "servers:"]
            inv += [f"  - name: {n}\n    address: {a}" for n, r, a in hosts if r == "server"]
            inv += ["agents:"] + [f"  - name: {n}\n    address: {a}" for n, r, a in hosts if r == "agent"]
            if agents == 0:
                inv[-1] = "agents: []"
        else:
            inv = ["k3s_cluster:", "  vars:", f"    k3smigrate_cluster: {cluster}", "    ansible_user: root",
                   "  children:", "    server:", "      hosts:"]
            inv += [f"        {n}:\n          ansible_host: {a}" for n, r, a in hosts if r == "server"]
            inv += ["    agent:", "      hosts:" if agents else "      hosts: {}"]
            inv += [f"        {n}:\n          ansible_host: {a}" for n, r, a in hosts if r == "agent"]
        write(f"{out}/inventories/{cluster}.yaml", "\n".join(inv) + "\n")
        for n, role, _ in hosts:
            base = f"{out}/nodes/{cluster}/{n}"
            if role == "server":
                config = ("cluster-init: true\n" if n == "s1" else f"server: https://{net}.11:6443\n")
                write(f"{base}/etc/rancher/k3s/config.yaml", config + f"flannel-backend: {backend}\n")
                write(f"{base}/etc/systemd/system/k3s.service", UNIT.format(type="notify", name="k3s", role="server"))
            else:
                write(f"{base}/etc/rancher/k3s/config.yaml", f"server: https://{net}.11:6443\n")
                write(f"{base}/etc/systemd/system/k3s-agent.service", UNIT.format(type="exec", name="k3s-agent", role="agent"))
            write(f"{base}/facts.yaml", FACTS)


if __name__ == "__main__":
    main()
