"""What `systemctl status`, `cat` and `show` print about a unit."""
import datetime
import os
import sys

from . import paths, services, state, unitfile

RELOAD_WARNING = ("Warning: The unit file, source configuration file or drop-ins of %s changed "
                  "on disk. Run 'systemctl daemon-reload' to reload units.")


def exists(unit):
    return state.loaded_unit(unit) is not None or services.read_disk_unit(unit) is not None


def enabled(unit):
    return os.path.lexists(os.path.join(paths.WANTS_DIR, unit))


def _since(text):
    try:
        moment = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")
    except ValueError:
        return ""
    return moment.strftime("%a %Y-%m-%d %H:%M:%S UTC")


def _active_line(info):
    active, sub = info["ActiveState"], info["SubState"]
    if active == "failed":
        text = "failed (Result: %s)" % info.get("Result", "exit-code")
    else:
        text = "%s (%s)" % (active, sub)
    since = _since(info.get("since", ""))
    return text + (" since %s" % since if since and active != "inactive" else "")


def status(unit):
    if not exists(unit):
        print("Unit %s could not be found." % unit, file=sys.stderr)
        return 4
    parsed = services.effective_unit(unit) or unitfile.parse("", unit)
    info = state.service(unit)
    dot = {"active": "●", "failed": "×"}.get(info["ActiveState"], "○")
    print("%s %s - %s" % (dot, unit, parsed.description or unit))
    print("     Loaded: loaded (%s; %s; preset: enabled)"
          % (services.unit_path(unit), "enabled" if enabled(unit) else "disabled"))
    print("     Active: %s" % _active_line(info))
    if services.needs_reload(unit):
        print(RELOAD_WARNING % unit)
    if services.is_k3s(unit) and os.path.exists(paths.K3S_LOG):
        with open(paths.K3S_LOG, encoding="utf-8") as log:
            tail = log.read().splitlines()[-5:]
        if tail:
            print()
            for line in tail:
                print(line)
    return 0 if info["ActiveState"] == "active" else 3


def cat(unit):
    text = services.read_disk_unit(unit)
    if text is None:
        print("No files found for %s." % unit, file=sys.stderr)
        return 1
    print("# %s" % services.unit_path(unit))
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    # systemctl cat prints each drop-in after the unit, under its own path.
    for path in services.drop_in_paths(unit):
        with open(path, encoding="utf-8") as handle:
            content = handle.read()
        print("\n# %s" % path)
        sys.stdout.write(content if content.endswith("\n") else content + "\n")
    if services.needs_reload(unit):
        print(RELOAD_WARNING % unit, file=sys.stderr)
    return 0


def properties(unit):
    info = state.service(unit)
    found = exists(unit)
    invocation = services.systemd_invocation(unit) if found else None
    argv = " ".join(invocation.words) if invocation and invocation.words else ""
    return {
        "Id": unit, "Names": unit,
        "ActiveState": info["ActiveState"], "SubState": info["SubState"],
        "Result": info.get("Result", "success"),
        "UnitFileState": ("enabled" if enabled(unit) else "disabled") if found else "",
        "FragmentPath": services.unit_path(unit) if found else "",
        "DropInPaths": " ".join(services.drop_in_paths(unit)) if found else "",
        "LoadState": ("bad-setting" if found and (services.effective_unit(unit) or
                                                   unitfile.Unit(unit)).bad_setting
                      else "loaded" if found else "not-found"),
        "NeedDaemonReload": "yes" if services.needs_reload(unit) else "no",
        "ActiveEnterTimestamp": _since(info.get("since", "")) if info["ActiveState"] == "active"
        else "",
        "ActiveEnterTimestampMonotonic": str(info.get("ActiveEnterTimestampMonotonic", 0)),
        "MainPID": "0",
        "ExecStart": ("{ path=%s ; argv[]=%s ; ignore_errors=no }" % (argv.split(" ")[0], argv)
                      if argv else ""),
    }


def show(units, wanted, value_only):
    for index, unit in enumerate(units):
        if index:
            print()
        props = properties(unit)
        for key in (wanted or list(props)):
            if key in props:
                print(props[key] if value_only else "%s=%s" % (key, props[key]))
    return 0
