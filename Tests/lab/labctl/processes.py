"""Processes the lab starts, recorded as `<node> <kind> <pid> <starttime>` lines in `pids`.
A PID is signalled only while /proc still shows the same start time, so a recycled PID is
never touched."""
import os
import signal
import time


def starttime(pid):
    """Field 22 of /proc/PID/stat (clock ticks since boot), or None if gone or a zombie."""
    try:
        with open("/proc/%d/stat" % pid, encoding="utf-8") as handle:
            text = handle.read()
    except OSError:
        return None
    fields = text.rsplit(")", 1)[1].split()
    return None if fields[0] == "Z" else int(fields[19])


def children(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid), encoding="utf-8") as handle:
            return [int(word) for word in handle.read().split()]
    except OSError:
        return []


def wait_for_child(pid, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = children(pid)
        if found:
            return found[0]
        if starttime(pid) is None:
            return None
        time.sleep(0.01)
    return None


def record(path, node, kind, pid):
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("%s %s %d %s\n" % (node, kind, pid, starttime(pid)))


def read(path):
    """[(node, kind, pid, starttime)]"""
    entries = []
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                parts = line.split()
                if len(parts) == 4 and parts[3] != "None":
                    entries.append((parts[0], parts[1], int(parts[2]), int(parts[3])))
    except FileNotFoundError:
        pass
    return entries


def alive(pid, start):
    return starttime(pid) == start


def signal_if_ours(pid, start, sig):
    if alive(pid, start):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def stop_all(entries, grace=2.0):
    """TERM each node's init (its trap stops sshd and the PID namespace dies with it), then
    KILL whatever recorded process is still there."""
    for _node, kind, pid, start in entries:
        if kind == "init":
            signal_if_ours(pid, start, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(alive(p, s) for _n, _k, p, s in entries):
        time.sleep(0.02)
    for _node, _kind, pid, start in entries:
        signal_if_ours(pid, start, signal.SIGKILL)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(alive(p, s) for _n, _k, p, s in entries):
        time.sleep(0.02)
    return [(n, k, p) for n, k, p, s in entries if alive(p, s)]
