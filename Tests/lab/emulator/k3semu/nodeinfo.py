"""The node's identity and lab knobs, from /etc/k3s-lab/node.yaml (written by `lab up`,
editable by tests: remove a kernel module, slow restarts down, change the version)."""
from dataclasses import dataclass, field

import yaml

from . import paths


@dataclass
class NodeInfo:
    name: str
    role: str
    version: str = "v1.25.16+k3s4"
    commit: str = "abcdef12"
    go_version: str = "go1.20.11"
    kernel_modules: list = field(default_factory=lambda: ["wireguard"])
    restart_delay: float = 0.0
    uplink: str = "eth0"
    init: str = "systemd"
    address: str = ""


def load(path=paths.NODE_YAML):
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    known = {key: data[key] for key in NodeInfo.__dataclass_fields__ if key in data}
    info = NodeInfo(**known)
    info.kernel_modules = [str(module) for module in (info.kernel_modules or [])]
    info.restart_delay = float(info.restart_delay or 0)
    return info
