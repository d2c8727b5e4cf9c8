"""Per-node runtime state in /run/k3s-lab (tmpfs, like systemd's memory): the service states
and the unit files systemd has loaded (a unit edited on disk keeps its loaded copy until
`systemctl daemon-reload`)."""
import contextlib
import datetime
import fcntl
import os
import time

from . import atomicfile, paths

_INACTIVE = {"ActiveState": "inactive", "SubState": "dead", "Result": "success", "since": ""}


@contextlib.contextmanager
def node_lock():
    os.makedirs(paths.RUN_DIR, exist_ok=True)
    with open(paths.LOCK_FILE, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def now_text():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def service(name):
    data = atomicfile.read_json(os.path.join(paths.SERVICE_STATE_DIR, name + ".json"))
    return dict(_INACTIVE, **(data or {}))


def set_service(name, active_state, sub_state, result="success", **extra):
    data = {"ActiveState": active_state, "SubState": sub_state, "Result": result,
            "since": now_text()}
    # systemd keeps the CLOCK_MONOTONIC microseconds of the last time the unit entered the
    # active state (ActiveEnterTimestampMonotonic, org.freedesktop.systemd1(5)), across later
    # deactivations; a reboot forgets it with the rest of /run.
    previous = service(name).get("ActiveEnterTimestampMonotonic", 0)
    data["ActiveEnterTimestampMonotonic"] = (time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000
                                             if active_state == "active" else previous)
    data.update(extra)
    atomicfile.write_json(os.path.join(paths.SERVICE_STATE_DIR, name + ".json"), data)


def loaded_unit(name):
    try:
        with open(os.path.join(paths.LOADED_UNITS_DIR, name), encoding="utf-8") as handle:
            return handle.read()
    except OSError:
        return None


def load_unit(name, text):
    atomicfile.write_text(os.path.join(paths.LOADED_UNITS_DIR, name), text)


def unload_unit(name):
    with contextlib.suppress(OSError):
        os.remove(os.path.join(paths.LOADED_UNITS_DIR, name))


def loaded_names():
    try:
        return sorted(os.listdir(paths.LOADED_UNITS_DIR))
    except OSError:
        return []


def service_names():
    """Every service that has a recorded state."""
    try:
        return sorted(entry[:-len(".json")] for entry in os.listdir(paths.SERVICE_STATE_DIR)
                      if entry.endswith(".json"))
    except OSError:
        return []
