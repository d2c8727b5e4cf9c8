#!/usr/bin/python3
"""Where the wall time of a `k3smigrate apply` went, from its run journal (journal.jsonl):
facts+plan (command start to run-started), preflight, configure (backups, edits, reloads),
servers (restarts and health gates), agents (all batches), in seconds; then the mean length of
the restart and health-gate steps of servers and of agents. Lives beside the Ansible helpers
because bench/ansible/ holds the comparison's helper scripts.

usage: k3smigrate_phases.py JOURNAL.jsonl STARTED   (STARTED: UTC time the command was started)
"""
import json
import sys
from datetime import datetime


def moment(text):
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")


def read(path):
    marks, batches, begun, lengths = {}, [], {}, {}
    with open(path, encoding="utf-8") as journal:
        for line in journal:
            event = json.loads(line)
            step, kind = event.get("step", ""), event.get("type")
            if kind == "run-started":
                marks.setdefault("run", moment(event["time"]))
            elif kind == "run-finished":
                marks["end"] = moment(event["time"])
            elif kind == "step-started":
                begun[step] = (moment(event["time"]), event.get("title", ""))
            elif kind == "step-finished" and step.startswith("@"):
                if step.startswith("@agents-batch-"):
                    batches.append(moment(event["time"]))
                else:
                    marks[step[1:]] = moment(event["time"])
            elif kind == "step-finished" and step in begun and step.rsplit("/", 1)[-1] in ("restart", "health"):
                started, title = begun[step]
                key = ("agent" if "k3s-agent" in title else "server", step.rsplit("/", 1)[-1])
                lengths.setdefault(key, []).append((moment(event["time"]) - started).total_seconds())
    return marks, batches, lengths


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: k3smigrate_phases.py JOURNAL.jsonl STARTED\n")
        return 2
    marks, batches, lengths = read(argv[1])
    parts, previous = [], moment(argv[2])
    for label, key in (("facts+plan", "run"), ("preflight", "preflight"),
                       ("configure", "servers-configured"), ("servers", "servers-healthy")):
        if key in marks:
            parts.append("%s %.2f" % (label, (marks[key] - previous).total_seconds()))
            previous = marks[key]
    if batches:
        parts.append("agents %.2f (%d batches)" % ((batches[-1] - previous).total_seconds(), len(batches)))
        previous = batches[-1]
    if "end" in marks:
        parts.append("rest %.2f" % (marks["end"] - previous).total_seconds())
    means = ["%s %s %.2f" % (role, action, sum(v) / len(v))
             for (role, action), v in sorted(lengths.items(), key=lambda kv: (kv[0][0] != "server", kv[0][1] != "restart"))]
    print("phases s: " + ", ".join(parts) + ("; mean step s: " + ", ".join(means) if means else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
