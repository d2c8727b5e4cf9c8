#!/usr/bin/python3
"""Summarises a lab restart log after a migration run (used for both tools' runs).

Prints one line: restarts (ok), failed restarts, the most servers and the most agents down at
once (overlapping begin..end windows), and whether every server restart ended before the first
agent restart began. `lab up`'s own `start` events are not counted.

usage: restart_log.py RESTARTS_LOG SINCE   (SINCE: UTC time like 2026-01-02T03:04:05.678Z)
"""
import sys


def windows(lines, since):
    """(role, node, begin, end, result) per restart, from `begin` to its `ok`/`failed` line."""
    open_at, done = {}, []
    for line in lines:
        parts = line.split()
        if len(parts) < 5 or parts[0] < since or parts[2] != "restart":
            continue
        stamp, node, _, service, result = parts[:5]
        role = "agent" if "agent" in service else "server"
        if result == "begin":
            open_at[node] = stamp
        elif node in open_at:
            done.append((role, node, open_at.pop(node), stamp, result))
    return done


def most_at_once(spans):
    events = sorted([(b, 1) for b, _ in spans] + [(e, -1) for _, e in spans])
    now = peak = 0
    for _, step in events:
        now += step
        peak = max(peak, now)
    return peak


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: restart_log.py RESTARTS_LOG SINCE\n")
        return 2
    with open(argv[1], encoding="utf-8") as log:
        done = windows(log.read().splitlines(), argv[2])
    servers = [(b, e) for role, _, b, e, _ in done if role == "server"]
    agents = [(b, e) for role, _, b, e, _ in done if role == "agent"]
    ordered = not servers or not agents or max(e for _, e in servers) <= min(b for b, _ in agents)
    ok = sum(1 for *_, result in done if result == "ok")
    print("restarts=%d failed=%d servers_at_once=%d agents_at_once=%d servers_before_agents=%s"
          % (ok, len(done) - ok, most_at_once(servers), most_at_once(agents), "yes" if ordered else "NO"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
