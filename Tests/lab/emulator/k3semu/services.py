"""How this node's init system would launch K3s: the command words and environment of a
systemd unit (its LOADED copy) or of an OpenRC init script."""
import os

from . import envfile, openrc, paths, state, unitfile
from .settings import Invocation

K3S_SERVICES = ("k3s", "k3s-agent")


def unit_name(name):
    return name if "." in name else name + ".service"


def unit_path(name):
    return os.path.join(paths.UNIT_DIR, unit_name(name))


def read_disk_unit(name):
    try:
        with open(unit_path(name), encoding="utf-8") as handle:
            return handle.read()
    except OSError:
        return None


def effective_unit_text(name):
    """What systemd would run: the loaded copy, or the disk file loaded on demand."""
    name = unit_name(name)
    loaded = state.loaded_unit(name)
    if loaded is not None:
        return loaded
    text = read_disk_unit(name)
    if text is not None:
        state.load_unit(name, text)
    return text


def needs_reload(name):
    name = unit_name(name)
    loaded = state.loaded_unit(name)
    return loaded is not None and loaded != read_disk_unit(name)


def systemd_invocation(name):
    text = effective_unit_text(name)
    if text is None:
        return None
    unit = unitfile.parse(text, unit_name(name))
    env = dict(unit.environment)
    for path, _optional in unit.env_files:
        values = envfile.read(path)
        if values:
            env.update(values)
    return Invocation(unitfile.command_words(unit.exec_start, env), env)


def openrc_invocation(name):
    try:
        with open(os.path.join(paths.INITD_DIR, name), encoding="utf-8") as handle:
            text = handle.read()
    except OSError:
        return None
    env = {}
    for path in ("/etc/environment", paths.OPENRC_ENV):
        env.update(envfile.read(path) or {})
    return Invocation(openrc.command_words(text), env)


def is_k3s(name):
    return name.split(".")[0] in K3S_SERVICES
