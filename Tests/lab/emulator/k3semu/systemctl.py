"""`systemctl` stand-in: units in /etc/systemd/system, a loaded copy per unit (edits need
daemon-reload, like systemd), K3s units started through the emulator's runtime."""
import os
import sys

from . import paths, runtime, services, state, unitstatus
from .unitstatus import RELOAD_WARNING, enabled as _enabled, exists as _exists

READ_ONLY = {"is-active", "is-failed", "is-enabled", "status", "cat", "show"}
IGNORED_OPTIONS = {"--no-pager", "--no-block", "--system", "-l", "--full", "--no-legend",
                   "--plain", "--no-ask-password", "--all", "-a"}


def _warn_reload(unit):
    if services.needs_reload(unit):
        print(RELOAD_WARNING % unit, file=sys.stderr)


def _start(unit, action):
    if not _exists(unit):
        print("Failed to %s %s: Unit %s not found." % (action, unit, unit), file=sys.stderr)
        return 5
    _warn_reload(unit)
    loaded = services.effective_unit(unit)
    if loaded is not None and loaded.bad_setting:
        # systemd.service(5): more than one ExecStart= outside Type=oneshot; the unit does not
        # load (LoadState=bad-setting) and nothing is started or stopped.
        print("Failed to %s %s: Unit %s has a bad unit file setting.\nSee system logs and "
              "'systemctl status %s' for details." % (action, unit, unit, unit), file=sys.stderr)
        return 1
    current = state.service(unit)["ActiveState"]
    if action == "start" and current == "active":
        return 0
    if action == "try-restart" and current != "active":
        return 0
    if not services.is_k3s(unit):
        state.set_service(unit, "active", "running")
        return 0
    if current == "active":
        runtime.stop(unit, action, log=False)
    ok, _backend = runtime.start(unit, services.systemd_invocation(unit),
                                 "restart" if action != "start" else "start")
    if ok:
        return 0
    print('Job for %s failed because the control process exited with error code.\n'
          'See "systemctl status %s" and "journalctl -xeu %s" for details.'
          % (unit, unit, unit), file=sys.stderr)
    return 1


def _stop(unit):
    if not _exists(unit) and state.service(unit)["ActiveState"] == "inactive":
        print("Failed to stop %s: Unit %s not loaded." % (unit, unit), file=sys.stderr)
        return 5
    if services.is_k3s(unit):
        runtime.stop(unit)
    else:
        state.set_service(unit, "inactive", "dead")
    return 0


def daemon_reload():
    """Loads every unit again, with its drop-ins (systemd.unit(5))."""
    on_disk = set()
    if os.path.isdir(paths.UNIT_DIR):
        for entry in os.listdir(paths.UNIT_DIR):
            full = os.path.join(paths.UNIT_DIR, entry)
            if entry.endswith(".service") and os.path.isfile(full):
                definition = services.read_disk_definition(entry)
                if definition is not None:
                    on_disk.add(entry)
                    state.load_unit(entry, definition)
    for entry in state.loaded_names():
        if entry not in on_disk:
            state.unload_unit(entry)
    return 0


def _enable(units, now, enable):
    os.makedirs(paths.WANTS_DIR, exist_ok=True)
    code = 0
    for unit in units:
        link = os.path.join(paths.WANTS_DIR, unit)
        if enable:
            if not _exists(unit):
                print("Failed to enable unit: Unit file %s does not exist." % unit, file=sys.stderr)
                return 1
            if not os.path.lexists(link):
                os.symlink(services.unit_path(unit), link)
                print("Created symlink %s → %s." % (link, services.unit_path(unit)),
                      file=sys.stderr)
            if now:
                code = code or _start(unit, "start")
        else:
            if os.path.lexists(link):
                os.remove(link)
                print("Removed \"%s\"." % link, file=sys.stderr)
            if now:
                code = code or _stop(unit)
    return code


def main(argv):
    quiet, value_only, now, wanted, words = False, False, False, [], []
    args = list(argv)
    while args:
        word = args.pop(0)
        if word in ("-q", "--quiet"):
            quiet = True
        elif word == "--value":
            value_only = True
        elif word in ("-p", "--property"):
            wanted.extend(args.pop(0).split(",") if args else [])
        elif word.startswith("--property="):
            wanted.extend(word.split("=", 1)[1].split(","))
        elif word.startswith("-p") and len(word) > 2:
            wanted.extend(word[2:].split(","))
        elif word == "--now":
            now = True
        elif word in IGNORED_OPTIONS or word.startswith("--type="):
            continue
        elif word.startswith("-"):
            print("systemctl: unrecognized option '%s' (lab emulator)" % word, file=sys.stderr)
            return 1
        else:
            words.append(word)
    if not words:
        print("systemctl (lab emulator): a command is required", file=sys.stderr)
        return 1
    command, units = words[0], [services.unit_name(u) for u in words[1:]]
    if command in READ_ONLY:
        return _dispatch(command, units, quiet, wanted, value_only, now)
    if os.geteuid() != 0:
        print("Failed to %s %s: Interactive authentication required.\nSee system logs and "
              "'systemctl status %s' for details." % (command, " ".join(units), " ".join(units)),
              file=sys.stderr)
        return 1
    with state.node_lock():
        return _dispatch(command, units, quiet, wanted, value_only, now)


def _dispatch(command, units, quiet, wanted, value_only, now):
    if command in ("daemon-reload", "daemon-reexec"):
        return daemon_reload()
    if command in ("start", "restart", "try-restart", "reload-or-restart"):
        codes = [_start(u, "restart" if command == "reload-or-restart" else command)
                 for u in units]
        return max(codes or [0])
    if command == "stop":
        return max([_stop(u) for u in units] or [0])
    if command in ("is-active", "is-failed"):
        states = [state.service(u)["ActiveState"] for u in units]
        if not quiet:
            print("\n".join(states))
        if command == "is-active":
            return 0 if states and all(s == "active" for s in states) else 3
        return 0 if any(s == "failed" for s in states) else 1
    if command == "is-enabled":
        code = 0
        for unit in units:
            if not _exists(unit):
                print("Failed to get unit file state for %s: No such file or directory" % unit,
                      file=sys.stderr)
                code = 1
                continue
            enabled = _enabled(unit)
            if not quiet:
                print("enabled" if enabled else "disabled")
            code = code or (0 if enabled else 1)
        return code
    if command in ("enable", "disable"):
        return _enable(units, now, command == "enable")
    if command == "status":
        return max([unitstatus.status(u) for u in units] or [0])
    if command == "cat":
        return max([unitstatus.cat(u) for u in units] or [0])
    if command == "show":
        return unitstatus.show(units, wanted, value_only)
    if command == "reset-failed":
        for unit in units:
            if state.service(unit)["ActiveState"] == "failed":
                state.set_service(unit, "inactive", "dead")
        return 0
    print("systemctl (lab emulator): unsupported command %s" % command, file=sys.stderr)
    return 1
