"""The lab-wide cluster view shared by every node (a bind mount of the lab's cluster dir):
one <node>.json per node holding what that node's K3s last published, and cluster.json."""
import glob
import hashlib
import os

from . import atomicfile, paths


def record_path(lab_node):
    return os.path.join(paths.NODES_DIR, lab_node + ".json")


def read_record(lab_node):
    return atomicfile.read_json(record_path(lab_node))


def write_record(lab_node, record):
    atomicfile.write_json(record_path(lab_node), record)


def records():
    found = []
    for path in sorted(glob.glob(os.path.join(paths.NODES_DIR, "*.json"))):
        if os.path.basename(path) == "cluster.json":
            continue
        record = atomicfile.read_json(path)
        if record:
            found.append(record)
    return found


def active_servers():
    return [r for r in records() if r.get("role") == "server" and r.get("active")]


def server_for_host(host):
    """The server record whose address, node-ip or name is `host`."""
    for record in records():
        if record.get("role") != "server":
            continue
        if host in (record.get("address"), record.get("node-ip"), record.get("name"),
                    record.get("lab_node")):
            return record
    return None


def token_matches(token):
    meta = atomicfile.read_json(paths.CLUSTER_JSON, {}) or {}
    expected = meta.get("token_sha256")
    if not expected:
        return True
    return hashlib.sha256(token.encode()).hexdigest() == expected
