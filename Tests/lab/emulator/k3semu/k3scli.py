"""The `k3s` binary stand-in: --version, kubectl; server/agent run through the init system."""
import sys

from . import kubectl, nodeinfo


def main(argv):
    if not argv or argv[0] in ("--version", "-v", "version"):
        node = nodeinfo.load()
        print("k3s version %s (%s)" % (node.version, node.commit))
        print("go version %s" % node.go_version)
        return 0
    if argv[0] == "kubectl":
        return kubectl.main(argv[1:])
    if argv[0] in ("server", "agent"):
        print("k3s (lab emulator): start K3s with systemctl or rc-service, not directly",
              file=sys.stderr)
        return 1
    print("k3s (lab emulator): unsupported command %s" % argv[0], file=sys.stderr)
    return 1
