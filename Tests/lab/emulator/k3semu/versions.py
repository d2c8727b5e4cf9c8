"""K3s version strings such as v1.25.16+k3s4."""
import re

_PATTERN = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)(?:[-+][0-9A-Za-z.-]*?k3s(\d+))?")


def parse(text):
    """Return (major, minor, patch, k3s_revision); raises ValueError when unreadable."""
    match = _PATTERN.match(text.strip())
    if not match:
        raise ValueError("unreadable K3s version %r" % text)
    return tuple(int(part) if part else 0 for part in match.groups())


def at_least(text, major, minor, patch=0):
    return parse(text)[:3] >= (major, minor, patch)
