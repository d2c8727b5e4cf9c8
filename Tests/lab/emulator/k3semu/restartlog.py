"""The lab-wide restart log: `<ISO time with ms> <node> <action> <service> <result> backend=<b>`."""
import datetime
import fcntl
import os

from . import paths


def timestamp():
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (now.microsecond // 1000)


def append(node, action, service, result, backend):
    line = "%s %s %s %s %s backend=%s\n" % (timestamp(), node, action, service, result,
                                            backend or "-")
    fd = os.open(paths.RESTART_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, line.encode())
    finally:
        os.close(fd)
