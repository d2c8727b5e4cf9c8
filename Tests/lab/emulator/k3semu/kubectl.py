"""`k3s kubectl get nodes` from a server's point of view, built from the lab's cluster dir.

A node is Ready when its K3s is active and its flannel backend equals this server's
(nodes on different backends cannot reach each other)."""
import json
import os
import sys

import yaml

from . import cluster, flannel, jsonpath, nodeinfo, paths

NOT_REACHABLE = ("The connection to the server %s was refused - did you specify the right host "
                 "or port?")


def _annotations(record, flannel_external_ip):
    notes = {"node.alpha.kubernetes.io/ttl": "0",
             "volumes.kubernetes.io/controller-managed-attach-detach": "true",
             "alpha.kubernetes.io/provided-node-ip": record.get("node-ip", ""),
             "k3s.io/hostname": record["name"],
             "k3s.io/internal-ip": ",".join(record.get("node-ips") or [record.get("node-ip")]),
             "k3s.io/node-args": json.dumps(record.get("node_args") or [])}
    external = record.get("node-external-ip") or []
    if external:
        notes["k3s.io/external-ip"] = ",".join(external)
    backend = record.get("backend")
    if backend and backend != "none":
        public = record.get("node-ip", "")
        if flannel_external_ip and external:
            public = external[0]
            notes["flannel.alpha.coreos.com/public-ip-overwrite"] = public
        notes["flannel.alpha.coreos.com/backend-type"] = flannel.BACKEND_TYPE.get(backend,
                                                                                  backend)
        notes["flannel.alpha.coreos.com/kube-subnet-manager"] = "true"
        notes["flannel.alpha.coreos.com/public-ip"] = public
    return notes


def _ready(record, cluster_backend):
    if not record.get("active"):
        return "False", "NodeStatusUnknown", "Kubelet stopped posting node status."
    if record.get("backend") != cluster_backend:
        return ("False", "KubeletNotReady", "flannel backend %s differs from the servers' %s"
                % (record.get("backend"), cluster_backend))
    return "True", "KubeletReady", "kubelet is posting ready status"


def node_object(record, index, cluster_backend):
    status, reason, message = _ready(record, cluster_backend)
    stamp = record.get("updated_at") or ""
    addresses = [{"type": "InternalIP", "address": record.get("node-ip", "")}]
    addresses += [{"type": "ExternalIP", "address": ip}
                  for ip in record.get("node-external-ip") or []]
    addresses.append({"type": "Hostname", "address": record["name"]})
    return {
        "apiVersion": "v1", "kind": "Node",
        "metadata": {"name": record["name"], "labels": record.get("labels") or {},
                     "annotations": _annotations(record, record.get("flannel-external-ip")),
                     "creationTimestamp": record.get("registered_at") or stamp},
        "spec": {"podCIDR": "10.42.%d.0/24" % index, "podCIDRs": ["10.42.%d.0/24" % index],
                 "providerID": "k3s://%s" % record["name"],
                 "taints": [_taint(t) for t in record.get("taints") or []]},
        "status": {
            "addresses": addresses,
            "conditions": [{"type": "Ready", "status": status, "reason": reason,
                            "message": message, "lastHeartbeatTime": stamp,
                            "lastTransitionTime": stamp}],
            "nodeInfo": {"kubeletVersion": record.get("version", ""),
                         "kubeProxyVersion": record.get("version", ""),
                         "containerRuntimeVersion": "containerd://1.7.7-k3s1",
                         "operatingSystem": "linux", "architecture": "amd64",
                         "osImage": "k3smigrate lab node"}},
    }


def _taint(text):
    key, _, rest = text.partition("=")
    value, _, effect = rest.partition(":")
    if not effect and ":" in key:
        key, effect = key.split(":", 1)
    return {"key": key, "value": value, "effect": effect}


def _table(objects, wide):
    header = ["NAME", "STATUS", "ROLES", "AGE", "VERSION"]
    if wide:
        header += ["INTERNAL-IP", "EXTERNAL-IP"]
    rows = [header]
    for obj in objects:
        labels = obj["metadata"]["labels"]
        roles = ",".join(sorted(k.split("/", 1)[1] for k in labels
                                if k.startswith("node-role.kubernetes.io/"))) or "<none>"
        ready = obj["status"]["conditions"][0]["status"] == "True"
        row = [obj["metadata"]["name"], "Ready" if ready else "NotReady", roles, "-",
               obj["status"]["nodeInfo"]["kubeletVersion"]]
        if wide:
            addrs = obj["status"]["addresses"]
            row += [next((a["address"] for a in addrs if a["type"] == t), "<none>")
                    for t in ("InternalIP", "ExternalIP")]
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    return "\n".join("   ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows)


def _parse(argv):
    opts = {"output": "", "kubeconfig": os.environ.get("KUBECONFIG") or paths.KUBECONFIG}
    words, args = [], list(argv)
    while args:
        word = args.pop(0)
        if word in ("-o", "--output"):
            opts["output"] = args.pop(0) if args else ""
        elif word.startswith(("-o=", "--output=")):
            opts["output"] = word.split("=", 1)[1]
        elif word.startswith("-o") and len(word) > 2:
            opts["output"] = word[2:]
        elif word == "--kubeconfig":
            opts["kubeconfig"] = args.pop(0) if args else ""
        elif word.startswith("--kubeconfig="):
            opts["kubeconfig"] = word.split("=", 1)[1]
        elif word.startswith("-"):
            continue
        else:
            words.append(word)
    return opts, words


def main(argv):
    opts, words = _parse(argv)
    try:
        with open(opts["kubeconfig"], encoding="utf-8"):
            pass
    except FileNotFoundError:
        print(NOT_REACHABLE % "localhost:8080", file=sys.stderr)
        return 1
    except PermissionError:
        print('error: error loading config file "%s": open %s: permission denied'
              % (opts["kubeconfig"], opts["kubeconfig"]), file=sys.stderr)
        return 1
    me = cluster.read_record(nodeinfo.load().name) or {}
    if not me.get("active") or me.get("role") != "server":
        print(NOT_REACHABLE % "127.0.0.1:6443", file=sys.stderr)
        return 1
    if len(words) < 2 or words[0] != "get" or words[1] not in ("nodes", "node", "no"):
        print("error: the lab emulator's kubectl supports only `get nodes [NAME]`",
              file=sys.stderr)
        return 1
    records = [r for r in cluster.records() if r.get("registered")]
    objects = [node_object(r, i, me.get("backend")) for i, r in enumerate(records)]
    if len(words) > 2:
        wanted = words[2:]
        found = [o for o in objects if o["metadata"]["name"] in wanted]
        missing = [n for n in wanted if n not in [o["metadata"]["name"] for o in found]]
        if missing:
            print('Error from server (NotFound): nodes "%s" not found' % missing[0],
                  file=sys.stderr)
            return 1
        objects = found
        single = len(wanted) == 1
    else:
        single = False
    return _print(objects, single, opts["output"])


def _print(objects, single, output):
    document = objects[0] if single else {"apiVersion": "v1", "kind": "List",
                                          "items": objects,
                                          "metadata": {"resourceVersion": ""}}
    if output == "json":
        print(json.dumps(document, indent=4))
    elif output == "yaml":
        sys.stdout.write(yaml.safe_dump(document, sort_keys=False))
    elif output.startswith("jsonpath="):
        sys.stdout.write(jsonpath.render(output[len("jsonpath="):], document))
    elif output == "name":
        print("\n".join("node/" + o["metadata"]["name"] for o in objects))
    else:
        print(_table(objects, output == "wide"))
    return 0
