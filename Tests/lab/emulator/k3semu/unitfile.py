"""The parts of a systemd unit file that decide how K3s is started.

Follows systemd's reading rules that matter here: `\\` continues a line (comment lines inside
a continuation are skipped, an empty line ends it), an empty `ExecStart=` resets the list,
EnvironmentFile= with a leading `-` is optional, `${VAR}`/`$VAR` expand from the environment.

Drop-ins (systemd.unit(5), "Description"): "Along with a unit file foo.service, a "drop-in"
directory foo.service.d/ may exist. All files with the suffix ".conf" from this directory will
be merged in the alphanumeric order and parsed after the main unit file itself has been
parsed." So a drop-in's lines act as if appended to the unit, file by file (a continuation
never runs from one file into the next). systemd.service(5), ExecStart=: "If the empty string
is assigned to this option, the list of commands to start is reset, prior assignments of this
option will have no effect"; "Unless Type= is oneshot, exactly one command must be given".
systemd.exec(5), Environment= and EnvironmentFile=: assigning the empty string resets the list;
"Settings from these files override settings made with Environment="."""
import re
import shlex
from dataclasses import dataclass, field

_VAR = re.compile(r"\$\{(\w+)\}|\$(\w+)")


@dataclass
class Unit:
    name: str
    description: str = ""
    type: str = "simple"
    exec_start: str = ""
    exec_start_count: int = 0   # ExecStart= commands since the last reset
    env_files: list = field(default_factory=list)   # [(path, optional)]
    environment: dict = field(default_factory=dict)
    files: list = field(default_factory=list)        # the unit, then its drop-ins, as read

    @property
    def bad_setting(self):
        """systemd refuses to load a non-oneshot service with more than one ExecStart=
        ("Service has more than one ExecStart= setting, which is only allowed for
        Type=oneshot services. Refusing.")."""
        return self.exec_start_count > 1 and self.type != "oneshot"


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


def parse(text, unit_name, drop_ins=()):
    """The unit `text`, then each drop-in `(path, text)` in the order given (name order)."""
    unit = Unit(name=unit_name)
    for path, content in [(None, text)] + list(drop_ins):
        unit.files.append(path)
        _parse_into(unit, content, unit_name)
    return unit


def _parse_into(unit, text, unit_name):
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
        if key == "Type":
            unit.type = value
        elif key == "ExecStart":
            if value:
                unit.exec_start = value
                unit.exec_start_count += 1
            else:
                unit.exec_start, unit.exec_start_count = "", 0
        elif key == "EnvironmentFile":
            if not value:
                unit.env_files = []
                continue
            optional = value.startswith("-")
            unit.env_files.append((_specifiers(value.lstrip("-"), unit_name), optional))
        elif key == "Environment":
            if not value:
                unit.environment = {}
                continue
            for word in shlex.split(value):
                name, _, content = word.partition("=")
                unit.environment[name] = content


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
