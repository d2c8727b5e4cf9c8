"""The parts of a systemd unit file that decide how K3s is started.

Follows systemd's reading rules that matter here: `\\` continues a line (comment lines inside
a continuation are skipped, an empty line ends it), an empty `ExecStart=` resets the list,
EnvironmentFile= with a leading `-` is optional, `${VAR}`/`$VAR` expand from the environment."""
import re
import shlex
from dataclasses import dataclass, field

_VAR = re.compile(r"\$\{(\w+)\}|\$(\w+)")


@dataclass
class Unit:
    name: str
    description: str = ""
    exec_start: str = ""
    env_files: list = field(default_factory=list)   # [(path, optional)]
    environment: dict = field(default_factory=dict)


def logical_lines(text):
    """Join continuation lines the way systemd does."""
    lines, pending = [], None
    for raw in text.splitlines():
        stripped = raw.strip()
        if pending is not None and stripped.startswith(("#", ";")):
            continue
        if pending is None and (not stripped or stripped.startswith(("#", ";"))):
            continue
        piece = raw.rstrip()
        continued = piece.endswith("\\")
        if continued:
            piece = piece[:-1]
        pending = piece if pending is None else pending + " " + piece.strip()
        if not continued:
            lines.append(pending)
            pending = None
    if pending is not None:
        lines.append(pending)
    return lines


def _specifiers(value, unit_name):
    base = unit_name.rsplit(".", 1)[0]
    return value.replace("%N", base).replace("%n", unit_name).replace("%%", "%")


def parse(text, unit_name):
    unit = Unit(name=unit_name)
    section = ""
    for line in logical_lines(text):
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped[1:-1]
            continue
        key, sep, value = stripped.partition("=")
        if not sep:
            continue
        key, value = key.strip(), value.strip()
        if section == "Unit" and key == "Description":
            unit.description = value
        if section != "Service":
            continue
        if key == "ExecStart":
            unit.exec_start = value
        elif key == "EnvironmentFile":
            optional = value.startswith("-")
            unit.env_files.append((_specifiers(value.lstrip("-"), unit_name), optional))
        elif key == "Environment":
            for word in shlex.split(value):
                name, _, content = word.partition("=")
                unit.environment[name] = content
    return unit


def command_words(exec_start, env):
    """Split an ExecStart= value into words, expanding variables like systemd."""
    value = exec_start.lstrip("-@+!:")
    words = []
    for word in shlex.split(value, posix=True):
        whole = re.fullmatch(r"\$(\w+)", word)
        if whole:
            words.extend(env.get(whole.group(1), "").split())
            continue
        words.append(_VAR.sub(lambda m: env.get(m.group(1) or m.group(2), ""), word))
    return words
