"""Command line of the lab: up, down, exec, log, status."""
import argparse
import os
import signal
import sys

from . import down, naming, nodeexec, scenarios, statedir, status, up

USAGE = """lab up     --name NAME --servers N --agents M [--scenario S] [--state-dir DIR]
           [--version V] [--restart-delay SECONDS] [--no-start] [--replace]
lab down   --name NAME [--keep] [--state-dir DIR]  |  lab down --all
lab exec   --name NAME NODE -- CMD...
lab log    --name NAME
lab status --name NAME [--json]"""


def _parser():
    parser = argparse.ArgumentParser(prog="lab", usage=USAGE,
                                     description="k3smigrate lab fleet (Tests/lab/README.md)")
    sub = parser.add_subparsers(dest="command", required=True)
    p_up = sub.add_parser("up")
    p_up.add_argument("--name", required=True)
    p_up.add_argument("--servers", type=int, required=True)
    p_up.add_argument("--agents", type=int, required=True)
    p_up.add_argument("--scenario", default="vxlan", choices=scenarios.SCENARIOS)
    p_up.add_argument("--state-dir")
    p_up.add_argument("--version", help="K3s version of every node (default %s)"
                      % scenarios.DEFAULT_VERSION)
    p_up.add_argument("--restart-delay", type=float, default=0.0)
    p_up.add_argument("--no-start", action="store_true", help="leave K3s stopped")
    p_up.add_argument("--replace", action="store_true", help="take down a running lab first")
    p_down = sub.add_parser("down")
    group = p_down.add_mutually_exclusive_group(required=True)
    group.add_argument("--name")
    group.add_argument("--all", action="store_true")
    p_down.add_argument("--keep", action="store_true", help="keep the state dir")
    p_down.add_argument("--state-dir")
    p_exec = sub.add_parser("exec")
    p_exec.add_argument("--name", required=True)
    p_exec.add_argument("--state-dir")
    p_exec.add_argument("node")
    p_exec.add_argument("cmd", nargs=argparse.REMAINDER)
    for command in ("log", "status"):
        p_other = sub.add_parser(command)
        p_other.add_argument("--name", required=True)
        p_other.add_argument("--state-dir")
        if command == "status":
            p_other.add_argument("--json", action="store_true")
    return parser


def run(argv):
    args = _parser().parse_args(argv)
    if os.geteuid() != 0:
        print("lab: must run as root (namespaces, links, mounts)", file=sys.stderr)
        return 1
    if args.command == "up":
        return up.up(args)
    if args.command == "down":
        if args.all:
            return 1 if down.down_all() else 0
        problems = down.down(args.name, args.state_dir, args.keep)
        for problem in problems:
            print("lab: " + problem, file=sys.stderr)
        return 1 if problems else 0
    if args.command == "exec":
        cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
        nodeexec.exec_in(args.name, args.node, cmd, args.state_dir)
    if args.command == "log":
        return status.log(args.name, args.state_dir)
    return status.status(args.name, args.state_dir, args.json)


def main(argv):
    # Started from a thread that blocks signals (the Swift test runner's pool threads do), the
    # lab would hand that mask to every node process, and a node's init would never see the
    # SIGUSR1 of a reboot (LabFaults.reboot). Nodes start with no signal blocked, like at boot.
    signal.pthread_sigmask(signal.SIG_SETMASK, set())
    try:
        return run(argv)
    except (up.UpError, naming.NamingError, statedir.LabNotFound,
            nodeexec.NodeNotRunning) as error:
        print("lab: %s" % error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("lab: interrupted", file=sys.stderr)
        return 130
