"""What "running K3s" means in the lab: evaluate the start like K3s would, then publish the
node's state (service state, cluster record, links, iptables, files) or fail like K3s."""
import time

from . import (atomicfile, cluster, evaluation, flannel, k3slog, kubeconfig, nodeinfo, paths,
               restartlog, state)
from .settings import FatalError


def _publish(record, active, state_text):
    public = {k: v for k, v in record.items() if k != "token"}
    previous = cluster.read_record(record["lab_node"]) or {}
    public.update(active=active, state=state_text, updated_at=restartlog.timestamp(),
                  registered=True)
    public["registered_at"] = previous.get("registered_at") or public["updated_at"]
    public["started_at"] = public["updated_at"] if active else previous.get("started_at")
    cluster.write_record(record["lab_node"], public)


def _set_inactive(node, state_text):
    previous = cluster.read_record(node.name) or {
        "name": node.name, "lab_node": node.name, "role": node.role, "address": node.address,
        "version": node.version, "backend": None, "registered": False}
    previous.update(active=False, state=state_text, updated_at=restartlog.timestamp())
    cluster.write_record(node.name, previous)


def _write_server_files(record):
    mode = record.get("write-kubeconfig-mode")
    try:
        kubeconfig.write(record, int(mode, 8) if mode else 0o600)
    except ValueError:
        raise FatalError("invalid write-kubeconfig-mode %s" % mode)
    token = record.get("token")
    if token:
        atomicfile.write_text(paths.SERVER_TOKEN, token + "\n", mode=0o600)


def start(service, invocation, action):
    """Start K3s for `service`; returns (ok, backend). Logs to restarts.log and k3s.log."""
    node = nodeinfo.load()
    state.set_service(service, "activating", "start")
    restartlog.append(node.name, action, service, "begin",
                      (cluster.read_record(node.name) or {}).get("backend"))
    if node.restart_delay > 0:
        time.sleep(node.restart_delay)
    k3slog.append("info", "Starting k3s %s (%s)" % (node.version, node.commit))
    try:
        if not invocation or not invocation.words:
            raise FatalError("no ExecStart/command for %s" % service)
        record = evaluation.evaluate(node, invocation)
        flannel.apply(record["backend"], record)
        if record["role"] == "server":
            _write_server_files(record)
    except Exception as error:  # noqa: BLE001 - any failure must leave the unit `failed`
        if not isinstance(error, (FatalError, flannel.FlannelError)):
            error = "lab emulator error: %s: %s" % (type(error).__name__, error)
        k3slog.append("fatal", str(error))
        state.set_service(service, "failed", "failed", result="exit-code")
        _set_inactive(node, "failed")
        restartlog.append(node.name, action, service, "failed", None)
        return False, None
    state.set_service(service, "active", "running", backend=record["backend"])
    _publish(record, True, "active")
    k3slog.append("info", "k3s is up and running (backend %s)" % record["backend"])
    restartlog.append(node.name, action, service, "ok", record["backend"])
    return True, record["backend"]


def stop(service, action="stop", log=True):
    node = nodeinfo.load()
    was = state.service(service)["ActiveState"]
    state.set_service(service, "inactive", "dead")
    _set_inactive(node, "inactive")
    if was != "inactive":
        k3slog.append("info", "Shutting down k3s (%s)" % action)
    if log:
        restartlog.append(node.name, action, service, "ok",
                          (cluster.read_record(node.name) or {}).get("backend"))
