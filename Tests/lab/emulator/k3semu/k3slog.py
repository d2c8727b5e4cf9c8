"""/var/log/k3s.log in K3s's logrus text format."""
import datetime

from . import paths


def append(level, message):
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    escaped = message.replace("\\", "\\\\").replace('"', '\\"')
    with open(paths.K3S_LOG, "a", encoding="utf-8") as log:
        log.write('time="%s" level=%s msg="%s"\n' % (now, level, escaped))
