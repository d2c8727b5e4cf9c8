"""KEY=VALUE environment files (systemd EnvironmentFile=, OpenRC k3s.env)."""
import shlex


def parse_text(text):
    env = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("export "):
            line = line[len("export "):].strip()
        key, sep, value = line.partition("=")
        if not sep:
            continue
        try:
            words = shlex.split(value, comments=False, posix=True)
            value = " ".join(words)
        except ValueError:
            pass
        env[key.strip()] = value
    return env


def read(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return parse_text(handle.read())
    except OSError:
        return None
