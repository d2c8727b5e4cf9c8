#!/usr/bin/python3
"""Runs a command as a child subreaper so that /usr/bin/time sees ALL of its CPU time.

Ansible's ssh ControlPersist masters detach from ansible and would otherwise end up under
init: their CPU (key exchange, encryption of every session) would be missing from the
controller's user+sys. Here they are re-parented to this process; once the command ends they
are stopped (SIGTERM, SIGKILL after 5 s) and reaped, so their rusage counts among this
process's children, which is what /usr/bin/time reports. Exit status: the command's.

usage: reap.py COMMAND [ARG...]
"""
import ctypes
import os
import signal
import sys
import time

PR_SET_CHILD_SUBREAPER = 36


def own_children():
    pids = []
    for task in os.listdir("/proc/self/task"):
        try:
            with open("/proc/self/task/%s/children" % task) as f:
                pids += [int(p) for p in f.read().split()]
        except OSError:
            pass
    return pids


def reap_all(grace):
    deadline = time.monotonic() + grace
    signalled = set()
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid:
            continue
        kill = signal.SIGKILL if time.monotonic() > deadline else signal.SIGTERM
        for child in own_children():
            if (child, kill) not in signalled:
                signalled.add((child, kill))
                try:
                    os.kill(child, kill)
                except ProcessLookupError:
                    pass
        time.sleep(0.01)


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: reap.py COMMAND [ARG...]\n")
        return 2
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.stderr.write("reap.py: prctl(PR_SET_CHILD_SUBREAPER) failed\n")
        return 2
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(argv[1], argv[1:])
        finally:
            os._exit(127)
    _, status = os.waitpid(pid, 0)
    reap_all(grace=5.0)
    code = os.waitstatus_to_exitcode(status)
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
