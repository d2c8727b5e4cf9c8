"""`rc-service` stand-in for OpenRC nodes: /etc/init.d/k3s(-agent) is read on every start
(OpenRC has no daemon-reload), with /etc/rancher/k3s/k3s.env as its environment."""
import os
import sys

from . import paths, runtime, services, state


def _status(name):
    active = state.service(name)["ActiveState"]
    word = {"active": "started", "failed": "crashed", "activating": "starting"}.get(active,
                                                                                  "stopped")
    print(" * status: %s" % word)
    return {"started": 0, "crashed": 32}.get(word, 3)


def main(argv):
    args = [a for a in argv if a not in ("-q", "--quiet", "-v", "--verbose")]
    if len(args) < 2:
        print("usage: rc-service SERVICE start|stop|restart|status (lab emulator)",
              file=sys.stderr)
        return 1
    name, command = args[0], args[1]
    if not os.path.isfile(os.path.join(paths.INITD_DIR, name)):
        print(" * rc-service: service `%s' does not exist" % name, file=sys.stderr)
        return 1
    if command == "status":
        return _status(name)
    if os.geteuid() != 0:
        print(" * %s: superuser access required" % name, file=sys.stderr)
        return 1
    with state.node_lock():
        current = state.service(name)["ActiveState"]
        if command in ("stop", "restart") and current != "inactive":
            print(" * Stopping %s ..." % name)
            runtime.stop(name, command, log=(command == "stop"))
        if command == "stop":
            return 0
        if command not in ("start", "restart"):
            print(" * rc-service: unsupported command %s (lab emulator)" % command,
                  file=sys.stderr)
            return 1
        if command == "start" and current == "active":
            print(" * WARNING: %s has already been started" % name)
            return 0
        print(" * Starting %s ..." % name)
        ok, _backend = runtime.start(name, services.openrc_invocation(name), command)
        if not ok:
            print(" * ERROR: %s failed to start" % name, file=sys.stderr)
            return 1
        return 0
