"""Dispatch `k3semu.py TOOL ARGS` to the tool's module."""
import os
import sys

SCRIPTS = {"killall": "/usr/local/bin/k3s-killall.sh",
           "uninstall server": "/usr/local/bin/k3s-uninstall.sh",
           "uninstall agent": "/usr/local/bin/k3s-agent-uninstall.sh"}


def _reexec_with_sudo(tool, args):
    """The real scripts start with `[ $(id -u) -eq 0 ] || exec sudo $0 $@`."""
    key = tool if tool == "killall" else "%s %s" % (tool, (args or ["server"])[0])
    os.execvp("sudo", ["sudo", SCRIPTS[key]])


def main(argv):
    if not argv:
        print("usage: k3semu.py TOOL [ARGS...]", file=sys.stderr)
        return 2
    tool, args = argv[0], argv[1:]
    if tool in ("killall", "uninstall") and os.geteuid() != 0:
        return _reexec_with_sudo(tool, args)
    if tool == "k3s":
        from . import k3scli
        return k3scli.main(args)
    if tool == "kubectl":
        from . import kubectl
        return kubectl.main(args)
    if tool == "systemctl":
        from . import systemctl
        return systemctl.main(args)
    if tool == "rc-service":
        from . import rcservice
        return rcservice.main(args)
    if tool == "killall":
        from . import killall
        return killall.main(args)
    if tool == "uninstall":
        from . import uninstall
        return uninstall.main(args)
    if tool in ("modprobe", "modinfo", "lsmod"):
        from . import modtools
        return getattr(modtools, tool)(args)
    if tool == "journalctl":
        from . import journal
        return journal.main(args)
    if tool == "k3s-lab":
        from . import labhelper
        return labhelper.main(args)
    print("k3semu: unknown tool %s" % tool, file=sys.stderr)
    return 2
