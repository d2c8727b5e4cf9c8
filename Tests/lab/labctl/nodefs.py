"""A node's directory in the lab state dir: the upper dirs of its /etc and /var/lib overlays
(pre-filled with the scenario's files, sshd config and keys, sudoers drop-in, node.yaml) and
the dirs bind-mounted as its /usr/local/bin, /root, /home, /var/log and /tmp."""
import os
import shutil
import subprocess

import yaml

LAB_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INIT_SCRIPT = os.path.join(LAB_DIR, "node", "init.sh")
EMULATOR = "/var/lib/k3s-lab/emulator/k3semu.py"

SSHD_CONFIG = """# sshd of lab node %(node)s (k3smigrate lab)
ListenAddress %(address)s
Port 22
HostKey /etc/ssh/k3s-lab/ssh_host_ed25519_key
PidFile none
AuthorizedKeysFile /etc/ssh/k3s-lab/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
UseDNS no
MaxStartups 100
MaxSessions 64
PrintMotd no
PrintLastLog no
X11Forwarding no
AcceptEnv LANG LC_*
Subsystem sftp internal-sftp
"""


def _write(path, text, mode=0o644):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(path, mode)


def tools(plan):
    """{file name in /usr/local/bin: emulator arguments}"""
    found = {"k3s": "k3s", "kubectl": "kubectl", "k3s-killall.sh": "killall",
             "modprobe": "modprobe", "modinfo": "modinfo", "lsmod": "lsmod",
             "k3s-lab": "k3s-lab"}
    if plan.init == "openrc":
        found["rc-service"] = "rc-service"
    else:
        found.update({"systemctl": "systemctl", "journalctl": "journalctl"})
    if plan.role == "server":
        found["k3s-uninstall.sh"] = "uninstall server"
    else:
        found["k3s-agent-uninstall.sh"] = "uninstall agent"
    return found


def node_yaml(plan, commit="abcdef12", go_version="go1.20.11"):
    return yaml.safe_dump({
        "name": plan.name, "role": plan.role, "address": plan.address,
        "version": plan.version, "commit": commit, "go_version": go_version,
        "kernel_modules": plan.kernel_modules, "restart_delay": plan.restart_delay,
        "uplink": "eth0", "init": plan.init}, sort_keys=False)


def hosts(plan, all_plans):
    lines = ["127.0.0.1\tlocalhost", "127.0.1.1\t%s" % plan.name,
             "::1\tlocalhost ip6-localhost ip6-loopback"]
    lines += ["%s\t%s" % (p.address, p.name) for p in all_plans]
    return "\n".join(lines) + "\n"


def prepare(node_dir, plan, all_plans, client_pub):
    """Create the node dir; return the node's ed25519 host public key line."""
    for sub in ("etc.upper", "etc.work", "varlib.upper", "varlib.work", "bin", "root", "home",
                "log", "tmp", "vartmp", "init"):
        os.makedirs(os.path.join(node_dir, sub), exist_ok=True)
    os.chmod(os.path.join(node_dir, "root"), 0o700)
    os.chmod(os.path.join(node_dir, "tmp"), 0o1777)
    os.chmod(os.path.join(node_dir, "vartmp"), 0o1777)
    etc = os.path.join(node_dir, "etc.upper")
    for rel, (text, mode) in plan.files.items():
        _write(os.path.join(etc, rel), text, mode)
    for rel, target in plan.symlinks.items():
        os.makedirs(os.path.dirname(os.path.join(etc, rel)), exist_ok=True)
        os.symlink(target, os.path.join(etc, rel))
    _write(os.path.join(etc, "k3s-lab", "node.yaml"), node_yaml(plan))
    _write(os.path.join(etc, "hosts"), hosts(plan, all_plans))
    _write(os.path.join(etc, "hostname"), plan.name + "\n")
    _write(os.path.join(etc, "sudoers.d", "k3sop"), "k3sop ALL=(ALL) NOPASSWD:ALL\n", 0o440)
    ssh_dir = os.path.join(etc, "ssh", "k3s-lab")
    _write(os.path.join(ssh_dir, "sshd_config"),
           SSHD_CONFIG % {"node": plan.name, "address": plan.address})
    _write(os.path.join(ssh_dir, "authorized_keys"), client_pub)
    key = os.path.join(ssh_dir, "ssh_host_ed25519_key")
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", plan.name, "-f", key],
                   check=True, stdin=subprocess.DEVNULL)
    for name, args in tools(plan).items():
        _write(os.path.join(node_dir, "bin", name),
               "#!/bin/sh\nexec /usr/bin/python3 -I %s %s \"$@\"\n" % (EMULATOR, args), 0o755)
    init_name = "init" if plan.init == "openrc" else "systemd"
    shutil.copy(INIT_SCRIPT, os.path.join(node_dir, "init", init_name))
    os.chmod(os.path.join(node_dir, "init", init_name), 0o755)
    with open(key + ".pub", encoding="utf-8") as handle:
        return handle.read().split()[:2]
