"""`k3s-uninstall.sh` (server) and `k3s-agent-uninstall.sh` (agent): killall, then remove the
service definition, K3s's config and data, and the installed scripts."""
import contextlib
import os
import shutil

from . import cluster, killall, nodeinfo, paths, restartlog, state


def _remove(path):
    with contextlib.suppress(OSError):
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.remove(path)


def run(kind):
    node = nodeinfo.load()
    service = "k3s" if kind == "server" else "k3s-agent"
    killall.run(log=False)
    unit = service + ".service"
    for path in (os.path.join(paths.WANTS_DIR, unit), os.path.join(paths.UNIT_DIR, unit),
                 os.path.join(paths.UNIT_DIR, unit + ".env"),
                 os.path.join(paths.INITD_DIR, service), "/etc/conf.d/" + service,
                 paths.RANCHER_ETC, paths.DATA_DIR, "/var/lib/kubelet"):
        _remove(path)
    state.unload_unit(unit)
    for name in (unit, service):
        state.set_service(name, "inactive", "dead")
    script = "k3s-uninstall.sh" if kind == "server" else "k3s-agent-uninstall.sh"
    for tool in ("k3s", "kubectl", "crictl", "ctr", "k3s-killall.sh", script):
        _remove(os.path.join(paths.BIN_DIR, tool))
    record = cluster.read_record(node.name)
    if record:
        record.update(active=False, state="uninstalled")
        cluster.write_record(node.name, record)
    restartlog.append(node.name, "uninstall", unit, "ok", None)
    return 0


def main(argv):
    kind = argv[0] if argv and argv[0] in ("server", "agent") else "server"
    with state.node_lock():
        return run(kind)
