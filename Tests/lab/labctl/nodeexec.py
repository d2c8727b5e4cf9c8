"""`lab exec --name NAME NODE -- CMD...`: run CMD inside the node (replaces this process)."""
import os

from . import nodeproc, processes, statedir


class NodeNotRunning(Exception):
    pass


def init_pid(name, node, state_dir=None):
    state_dir = statedir.locate(name, state_dir)
    for n, kind, pid, start in processes.read(os.path.join(state_dir, "pids")):
        if n == node and kind == "init":
            if not processes.alive(pid, start):
                raise NodeNotRunning("node %s of lab %s is not running" % (node, name))
            return pid
    raise NodeNotRunning("lab %s has no node %s" % (name, node))


def exec_in(name, node, argv, state_dir=None):
    args = nodeproc.nsenter_argv(init_pid(name, node, state_dir), argv or ["/bin/bash"])
    os.execvp(args[0], args)
