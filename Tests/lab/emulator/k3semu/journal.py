"""`journalctl -u k3s` stand-in: the tail of /var/log/k3s.log."""
import sys

from . import paths


def main(argv):
    count = 50
    args = list(argv)
    while args:
        word = args.pop(0)
        if word in ("-n", "--lines"):
            count = int(args.pop(0)) if args else count
        elif word.startswith("--lines="):
            count = int(word.split("=", 1)[1])
    try:
        with open(paths.K3S_LOG, encoding="utf-8") as log:
            lines = log.read().splitlines()
    except OSError:
        lines = []
    for line in lines[-count:]:
        print(line)
    sys.stdout.flush()
    return 0
