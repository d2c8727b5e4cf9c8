"""How this node's init system would launch K3s: the command words and environment of a
systemd unit (its LOADED copy, with the drop-ins loaded with it) or of an OpenRC init script.

K3s services are named as install.sh names them (setup_env): SYSTEM_NAME is `k3s` or
`k3s-agent`, or `k3s-${INSTALL_K3S_NAME}` (`k3s-edge.service`, `/etc/init.d/k3s-edge`)."""
import json
import os
import re

from . import envfile, openrc, paths, state, unitfile
from .settings import Invocation

K3S_SERVICES = ("k3s", "k3s-agent")
# systemd's unit_name_mangle(): a name without one of these suffixes gets ".service".
UNIT_TYPES = (".service", ".socket", ".target", ".device", ".mount", ".automount", ".swap",
              ".timer", ".path", ".slice", ".scope")


def unit_name(name):
    return name if name.endswith(UNIT_TYPES) else name + ".service"


def unit_path(name):
    return os.path.join(paths.UNIT_DIR, unit_name(name))


def _read(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError:
        return None


def read_disk_unit(name):
    return _read(unit_path(name))


def drop_in_paths(name):
    """systemd.unit(5): `NAME.service.d/*.conf`, "merged in the alphanumeric order and parsed
    after the main unit file itself" (only /etc/systemd/system here)."""
    directory = unit_path(name) + ".d"
    try:
        entries = sorted(os.listdir(directory))
    except OSError:
        return []
    return [os.path.join(directory, entry) for entry in entries
            if entry.endswith(".conf") and os.path.isfile(os.path.join(directory, entry))]


def read_disk_definition(name):
    """The unit and its drop-ins as systemd would load them now: a JSON list of
    [path, text], or None when there is no unit file."""
    text = read_disk_unit(name)
    if text is None:
        return None
    parts = [[unit_path(name), text]]
    for path in drop_in_paths(name):
        content = _read(path)
        if content is not None:
            parts.append([path, content])
    return json.dumps(parts)


def effective_definition(name):
    """What systemd would run: the loaded copy, or the disk files loaded on demand."""
    name = unit_name(name)
    loaded = state.loaded_unit(name)
    if loaded is not None:
        return loaded
    definition = read_disk_definition(name)
    if definition is not None:
        state.load_unit(name, definition)
    return definition


def effective_unit(name):
    """The loaded unit parsed with its drop-ins, or None."""
    definition = effective_definition(name)
    if definition is None:
        return None
    parts = json.loads(definition)
    return unitfile.parse(parts[0][1], unit_name(name), [tuple(part) for part in parts[1:]])


def needs_reload(name):
    """systemd's NeedDaemonReload: the unit or one of its drop-ins changed since loading."""
    name = unit_name(name)
    loaded = state.loaded_unit(name)
    return loaded is not None and loaded != read_disk_definition(name)


def systemd_invocation(name):
    unit = effective_unit(name)
    if unit is None:
        return None
    env = dict(unit.environment)
    for path, _optional in unit.env_files:
        values = envfile.read(path)
        if values:
            env.update(values)
    return Invocation(unitfile.command_words(unit.exec_start, env), env)


_SOURCED = re.compile(r"(?:^|[\s;])\.\s+(/[^\s;]+)", re.M)


def openrc_invocation(name):
    text = _read(os.path.join(paths.INITD_DIR, name))
    if text is None:
        return None
    # The script runs in sh: install.sh's sources /etc/environment and its FILE_K3S_ENV
    # (/etc/rancher/k3s/SYSTEM_NAME.env) under `set -o allexport`.
    sourced = _SOURCED.findall(text) or ["/etc/environment", paths.OPENRC_ENV]
    env = {}
    for path in sourced:
        env.update(envfile.read(path) or {})
    return Invocation(openrc.command_words(text), env)


def is_k3s(name):
    """A K3s service: `k3s`, `k3s-agent`, or a `k3s-NAME` unit whose command is k3s."""
    base = name[:-len(".service")] if name.endswith(".service") else name
    if base in K3S_SERVICES:
        return True
    if not base.startswith("k3s-"):
        return False
    unit = effective_unit(name)
    words = unitfile.command_words(unit.exec_start, {}) if unit else []
    return bool(words) and os.path.basename(words[0]) == "k3s"
