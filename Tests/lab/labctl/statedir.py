"""A lab's state directory (lab.json, pids, keys, inventory, node dirs) and the registry that
maps lab names to state directories so `lab down --all` finds every lab."""
import contextlib
import fcntl
import json
import os

ROOT = "/tmp/k3smigrate-lab"
REGISTRY = os.path.join(ROOT, ".registry")
LOCK = os.path.join(ROOT, ".lock")


class LabNotFound(Exception):
    pass


@contextlib.contextmanager
def global_lock():
    os.makedirs(ROOT, exist_ok=True)
    with open(LOCK, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def default_dir(name):
    return os.path.join(ROOT, name)


def register(name, state_dir):
    os.makedirs(REGISTRY, exist_ok=True)
    link = os.path.join(REGISTRY, name)
    with contextlib.suppress(FileNotFoundError):
        os.remove(link)
    os.symlink(os.path.abspath(state_dir), link)


def unregister(name):
    with contextlib.suppress(FileNotFoundError):
        os.remove(os.path.join(REGISTRY, name))


def registered():
    """{name: state_dir} of every registered lab."""
    try:
        entries = os.listdir(REGISTRY)
    except FileNotFoundError:
        return {}
    return {entry: os.readlink(os.path.join(REGISTRY, entry)) for entry in sorted(entries)
            if os.path.islink(os.path.join(REGISTRY, entry))}


def locate(name, state_dir=None):
    """The state dir of lab `name`: the one given, the registered one, or the default."""
    if state_dir:
        return os.path.abspath(state_dir)
    return registered().get(name) or default_dir(name)


def load(state_dir):
    path = os.path.join(state_dir, "lab.json")
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise LabNotFound("no lab state at %s" % state_dir)


def save(state_dir, lab):
    path = os.path.join(state_dir, "lab.json")
    with open(path + ".tmp", "w", encoding="utf-8") as handle:
        json.dump(lab, handle, indent=2, sort_keys=True)
    os.replace(path + ".tmp", path)


def used_subnets():
    """k of every lab that still has state."""
    used = set()
    for _name, state_dir in registered().items():
        with contextlib.suppress(LabNotFound, ValueError, OSError):
            used.add(int(load(state_dir)["k"]))
    return used
