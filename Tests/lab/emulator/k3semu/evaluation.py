"""What K3s decides when it starts: resolve the settings, apply K3s's refusals (see README,
"A start fails"), and work out the backend and the record the node will publish."""
import ipaddress
import os
import urllib.parse

from . import cluster, k3slog, settings as settings_mod, versions
from .settings import FatalError

ALLOWED_BACKENDS = ("vxlan", "host-gw", "wireguard-native", "wireguard", "ipsec", "none")
EGRESS_MODES = ("disabled", "agent", "pod", "cluster")


def _check_ips(name, values):
    for value in values:
        try:
            ipaddress.ip_address(value)
        except ValueError:
            raise FatalError("invalid %s: %s is not a valid IP address" % (name, value))


def _token(settings):
    token = settings.get("token")
    path = settings.get("token-file")
    if not token and path:
        try:
            with open(path, encoding="utf-8") as handle:
                token = handle.read().strip()
        except OSError:
            raise FatalError("failed to read token file %s" % path)
    return token


def _url_host(url):
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme != "https" or not parsed.hostname:
        raise FatalError("invalid server url %s: must be https://HOST:PORT" % url)
    return parsed.hostname


def _vpn(settings):
    auth = settings.get("vpn-auth")
    path = settings.get("vpn-auth-file")
    if not auth and path:
        try:
            with open(path, encoding="utf-8") as handle:
                auth = handle.read().strip()
        except OSError:
            raise FatalError("failed to read vpn-auth-file %s" % path)
    if not auth:
        return False
    options = dict(part.partition("=")[::2] for part in auth.split(","))
    if options.get("name") != "tailscale" or not options.get("joinKey"):
        raise FatalError("invalid vpn-auth: name=tailscale and joinKey are required "
                         "(value redacted)")
    return True


def _server_view(node, settings):
    """(backend, server-wide settings) for a server; enforces the join comparison."""
    critical = settings.critical()
    backend = critical["flannel-backend"]
    if backend not in ALLOWED_BACKENDS:
        raise FatalError("Cannot configure unknown flannel backend '%s'" % backend)
    if critical["egress-selector-mode"] not in EGRESS_MODES:
        raise FatalError("invalid egress-selector-mode %s" % critical["egress-selector-mode"])
    join_url = settings.get("server")
    if join_url:
        target = cluster.server_for_host(_url_host(join_url))
        if target and target.get("active") and target.get("lab_node") != node.name:
            theirs = target.get("critical") or {}
            differing = sorted(k for k in critical if theirs.get(k) != critical[k])
            if differing:
                k3slog.append("debug", "mismatched critical values: %s" % ", ".join(differing))
                raise FatalError("failed to validate server configuration: critical "
                                 "configuration value mismatch between servers")
    return backend, critical


def _agent_view(settings):
    url = settings.get("server")
    if not url:
        raise FatalError("--server is required")
    host = _url_host(url)
    target = cluster.server_for_host(host)
    servers = cluster.active_servers()
    if target and target.get("active"):
        chosen = target
    elif servers:
        chosen = servers[0]
    else:
        raise FatalError('failed to get CA certs: Get "%s/cacerts": dial tcp %s:6443: '
                         "connect: connection refused" % (url.rstrip("/"), host))
    return chosen.get("backend") or "vxlan", dict(chosen.get("critical") or {})


def _check_backend(node, role, backend):
    version = node.version
    if backend == "wireguard":
        if versions.at_least(version, 1, 26):
            if role == "agent":
                raise FatalError("flannel exited: Cannot configure unknown flannel backend "
                                 "'wireguard'")
            raise FatalError("The wireguard backend was removed in v1.26, please switch to "
                             "wireguard-native. Check our docs for information about how "
                             "to migrate")
        k3slog.append("warning", "The wireguard backend is deprecated and will be removed in "
                      "k3s v1.26, please switch to wireguard-native. Check our docs for "
                      "information about how to migrate")
    if backend == "ipsec" and versions.at_least(version, 1, 27):
        if role == "agent":
            raise FatalError("flannel exited: Cannot configure unknown flannel backend 'ipsec'")
        raise FatalError("The ipsec backend was removed in v1.27, please switch to "
                         "wireguard-native. Check our docs for information about how to migrate")
    if backend == "wireguard-native":
        if not versions.at_least(version, 1, 23, 6):
            raise FatalError("Cannot configure unknown flannel backend 'wireguard-native'")
        if "wireguard" not in node.kernel_modules:
            raise FatalError("flannel exited: failed to create wireguard interface flannel-wg: "
                             "operation not supported")


def _labels(node, name, role, settings):
    labels = {"kubernetes.io/hostname": name, "kubernetes.io/os": "linux",
              "kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux",
              "beta.kubernetes.io/arch": "amd64", "node.kubernetes.io/instance-type": "k3s"}
    if role == "server":
        labels["node-role.kubernetes.io/control-plane"] = "true"
        labels["node-role.kubernetes.io/master"] = "true"
    for item in settings.items("node-label"):
        key, _, value = item.partition("=")
        labels[key] = value
    return labels


def _node_args(invocation, settings):
    """k3s.io/node-args as K3s writes it, with secrets redacted."""
    words = list(invocation.words[1:])
    out, hide_next = [], False
    for word in words:
        if hide_next:
            out.append("********")
            hide_next = False
            continue
        name = word.lstrip("-").split("=")[0]
        if word.startswith("-") and name in ("token", "t", "agent-token", "vpn-auth"):
            if "=" in word:
                out.append(word.split("=")[0] + "=********")
            else:
                out.append(word)
                hide_next = True
            continue
        out.append(word)
    return out


def evaluate(node, invocation):
    """Resolve and validate; return the cluster record this start would publish."""
    settings = settings_mod.resolve(invocation)
    for warning in settings.warnings:
        k3slog.append("warning", warning)
    role = settings.command
    node_ips = settings.items("node-ip") or [node.address]
    external_ips = settings.items("node-external-ip")
    _check_ips("node-ip", node_ips)
    _check_ips("node-external-ip", external_ips)
    iface = settings.get("flannel-iface")
    if iface and not os.path.exists("/sys/class/net/" + iface):
        raise FatalError("flannel exited: failed to find interface: %s" % iface)
    token = _token(settings)
    if role == "agent" and not token:
        raise FatalError("--token is required")
    if token and not cluster.token_matches(token):
        where = settings.get("server") or "local datastore"
        raise FatalError("failed to validate token for %s: the token does not match the "
                         "cluster's (value redacted)" % where)
    if role == "server":
        backend, critical = _server_view(node, settings)
    else:
        backend, critical = _agent_view(settings)
    if _vpn(settings):
        backend = "tailscale"
    _check_backend(node, role, backend)
    name = settings.get("node-name") or node.name
    return {
        "name": name, "lab_node": node.name, "role": role, "address": node.address,
        "backend": backend, "node-ip": node_ips[0], "node-ips": node_ips,
        "node-external-ip": external_ips, "labels": _labels(node, name, role, settings),
        "taints": settings.items("node-taint"),
        "egress-selector-mode": critical.get("egress-selector-mode", "agent"),
        "flannel-external-ip": critical.get("flannel-external-ip") == "true",
        "cluster-cidr": critical.get("cluster-cidr", "10.42.0.0/16"),
        "critical": critical if role == "server" else None,
        "server_url": settings.get("server"), "version": node.version,
        "node_args": _node_args(invocation, settings),
        "config_files": settings.config_files,
        "write-kubeconfig-mode": settings.get("write-kubeconfig-mode"),
        "token": token,
    }
