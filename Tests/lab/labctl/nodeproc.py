"""Starting a node's process tree and running commands inside a running node."""
import os
import socket
import subprocess
import time

from . import naming, processes

NODE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def spawn(lab_name, node_dir, node, init_kind, cluster_dir, emulator_dir):
    """Launch `ip netns exec NS unshare ... init`; returns the launcher's Popen."""
    init_name = "init" if init_kind == "openrc" else "systemd"
    env = {"PATH": NODE_PATH, "K3M_NODE_DIR": node_dir, "K3M_NODE": node,
           "K3M_CLUSTER_DIR": cluster_dir, "K3M_EMULATOR_DIR": emulator_dir,
           "K3M_INIT": init_kind}
    log = open(os.path.join(node_dir, "launcher.log"), "ab")
    try:
        return subprocess.Popen(
            ["ip", "netns", "exec", naming.netns(lab_name, node),
             "unshare", "--mount", "--uts", "--pid", "--fork", "--mount-proc",
             "--kill-child=SIGKILL", "--propagation", "private", "--",
             os.path.join(node_dir, "init", init_name)],
            env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
            start_new_session=True, close_fds=True)
    finally:
        log.close()


def nsenter_argv(init_pid, argv):
    """argv that runs `argv` inside the node (its net, mount, UTS and PID namespaces) with a
    clean environment like an SSH session's."""
    return ["nsenter", "-t", str(init_pid), "-n", "-m", "-u", "-p", "--wdns=/root", "--",
            "env", "-i", "PATH=" + NODE_PATH, "HOME=/root", "USER=root", "LOGNAME=root",
            "SHELL=/bin/bash", "LANG=C.UTF-8", "TERM=" + os.environ.get("TERM", "dumb")] + argv


def run_in(init_pid, argv, timeout=120):
    return subprocess.run(nsenter_argv(init_pid, argv), capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=timeout)


def sshd_answers(address, timeout=0.3):
    try:
        with socket.create_connection((address, 22), timeout=timeout) as conn:
            conn.settimeout(timeout)
            return conn.recv(8).startswith(b"SSH-2.0")
    except OSError:
        return False


def wait_for_sshd(addresses, init_pids, timeout):
    """Poll until every node's sshd sends its banner; returns the nodes that never did."""
    pending = dict(addresses)
    deadline = time.monotonic() + timeout
    while pending and time.monotonic() < deadline:
        for node, address in list(pending.items()):
            if sshd_answers(address):
                del pending[node]
            elif processes.starttime(init_pids[node][0]) is None:
                return sorted(pending)  # a node died: no point waiting
        if pending:
            time.sleep(0.05)
    return sorted(pending)
