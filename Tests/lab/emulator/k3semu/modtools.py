"""`modprobe`, `modinfo`, `lsmod`: a module "exists" iff node.yaml lists it."""
import platform
import sys

from . import nodeinfo


def _modules():
    return nodeinfo.load().kernel_modules


def modprobe(argv):
    quiet = any(a in ("-q", "--quiet") for a in argv)
    remove = any(a in ("-r", "--remove") for a in argv)
    names = [a for a in argv if not a.startswith("-")]
    if remove:
        return 0
    for name in names:
        if name.replace("-", "_") not in [m.replace("-", "_") for m in _modules()]:
            if not quiet:
                print("modprobe: FATAL: Module %s not found in directory /lib/modules/%s"
                      % (name, platform.release()), file=sys.stderr)
            return 1
    return 0


def modinfo(argv):
    field = None
    names = []
    args = list(argv)
    while args:
        word = args.pop(0)
        if word in ("-F", "--field"):
            field = args.pop(0) if args else None
        elif not word.startswith("-"):
            names.append(word)
    code = 0
    for name in names:
        if name not in _modules():
            print("modinfo: ERROR: Module %s not found." % name, file=sys.stderr)
            code = 1
            continue
        info = {"filename": "/lib/modules/%s/kernel/lab/%s.ko" % (platform.release(), name),
                "license": "GPL", "name": name, "description": "%s (k3smigrate lab)" % name}
        if field:
            print(info.get(field, ""))
        else:
            for key, value in info.items():
                print("%-15s %s" % (key + ":", value))
    return code


def lsmod(_argv):
    print("Module                  Size  Used by")
    for name in _modules():
        print("%-22s %6d  0" % (name, 16384))
    return 0
