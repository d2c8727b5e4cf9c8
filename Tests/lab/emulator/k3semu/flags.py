"""K3s command-line flags as urfave/cli sees them: which exist for `server` and `agent`,
which are booleans, which accumulate (string slices), and their short aliases."""

AGENT_FLAGS = frozenset("""
config debug v vmodule log alsologtostderr token token-file server data-dir node-name
with-node-id node-label node-taint image-credential-provider-bin-dir
image-credential-provider-config docker container-runtime-endpoint default-runtime
image-service-endpoint disable-default-registry-endpoint nonroot-devices pause-image
snapshotter private-registry system-default-registry node-ip bind-address node-external-ip
node-internal-dns node-external-dns resolv-conf flannel-iface flannel-conf flannel-cni-conf
kubelet-arg kube-proxy-arg protect-kernel-defaults selinux lb-server-port rootless
prefer-bundled-bin vpn-auth vpn-auth-file disable-apiserver-lb enable-pprof
airgap-extra-registry
""".split())

SERVER_ONLY_FLAGS = frozenset("""
cluster-init cluster-reset cluster-reset-restore-path agent-token agent-token-file
advertise-address advertise-port https-listen-port supervisor-port apiserver-port
apiserver-bind-address tls-san tls-san-security cluster-cidr service-cidr
service-node-port-range cluster-dns cluster-domain flannel-backend flannel-ipv6-masq
flannel-external-ip egress-selector-mode servicelb-namespace write-kubeconfig
write-kubeconfig-mode write-kubeconfig-group helm-job-image datastore-endpoint
datastore-cafile datastore-certfile datastore-keyfile etcd-expose-metrics
etcd-disable-snapshots etcd-snapshot-name etcd-snapshot-schedule-cron
etcd-snapshot-retention etcd-snapshot-dir etcd-snapshot-compress etcd-s3 etcd-s3-endpoint
etcd-s3-endpoint-ca etcd-s3-skip-ssl-verify etcd-s3-access-key etcd-s3-secret-key
etcd-s3-bucket etcd-s3-region etcd-s3-folder etcd-s3-insecure etcd-s3-timeout etcd-arg
default-local-storage-path disable disable-scheduler disable-cloud-controller
disable-kube-proxy disable-network-policy disable-helm-controller disable-apiserver
disable-controller-manager disable-etcd disable-agent embedded-registry supervisor-metrics
kube-apiserver-arg kube-scheduler-arg kube-controller-manager-arg
kube-cloud-controller-manager-arg kine-tls secrets-encryption secrets-encryption-provider
""".split())

SERVER_FLAGS = AGENT_FLAGS | SERVER_ONLY_FLAGS

BOOL_FLAGS = frozenset("""
debug alsologtostderr with-node-id docker disable-default-registry-endpoint
protect-kernel-defaults selinux rootless prefer-bundled-bin disable-apiserver-lb enable-pprof
cluster-init cluster-reset tls-san-security flannel-ipv6-masq flannel-external-ip
etcd-expose-metrics etcd-disable-snapshots etcd-snapshot-compress etcd-s3
etcd-s3-skip-ssl-verify etcd-s3-insecure disable-scheduler disable-cloud-controller
disable-kube-proxy disable-network-policy disable-helm-controller disable-apiserver
disable-controller-manager disable-etcd disable-agent embedded-registry supervisor-metrics
kine-tls secrets-encryption
""".split())

SLICE_FLAGS = frozenset("""
node-label node-taint node-ip node-external-ip node-internal-dns node-external-dns
kubelet-arg kube-proxy-arg kube-apiserver-arg kube-scheduler-arg kube-controller-manager-arg
kube-cloud-controller-manager-arg etcd-arg tls-san disable cluster-cidr service-cidr
cluster-dns airgap-extra-registry
""".split())

ALIASES = {"c": "config", "t": "token", "s": "server", "d": "data-dir", "i": "node-ip",
           "o": "write-kubeconfig", "l": "log"}

# K3S_* environment variables that stand in for a flag (lowest precedence).
ENV_FLAGS = {
    "K3S_URL": "server", "K3S_TOKEN": "token", "K3S_TOKEN_FILE": "token-file",
    "K3S_AGENT_TOKEN": "agent-token", "K3S_NODE_NAME": "node-name",
    "K3S_CONFIG_FILE": "config", "K3S_DATA_DIR": "data-dir",
    "K3S_CLUSTER_INIT": "cluster-init", "K3S_KUBECONFIG_MODE": "write-kubeconfig-mode",
    "K3S_VPN_AUTH": "vpn-auth", "K3S_VPN_AUTH_FILE": "vpn-auth-file",
}

# Values that must be secret in every output of the lab.
SECRET_FLAGS = frozenset({"token", "agent-token", "vpn-auth", "etcd-s3-secret-key",
                          "etcd-s3-access-key"})


class FlagError(Exception):
    """What urfave/cli reports for a command line it rejects."""


def valid_flags(command):
    return SERVER_FLAGS if command == "server" else AGENT_FLAGS


def parse_args(command, args):
    """Split `args` (the words after the subcommand) into [(name, value)] in order.

    Booleans without a value become "true". Raises FlagError exactly where urfave/cli would
    stop K3s: a flag the command does not define, or a missing value."""
    known = valid_flags(command)
    pairs = []
    index = 0
    while index < len(args):
        word = args[index]
        index += 1
        if not word.startswith("-") or word in ("-", "--"):
            continue  # positional words are ignored by k3s server/agent
        body = word.lstrip("-")
        name, has_value, value = body.partition("=")
        name = ALIASES.get(name, name)
        if name not in known:
            raise FlagError("flag provided but not defined: -%s" % name)
        if not has_value:
            if name in BOOL_FLAGS:
                value = "true"
            elif index < len(args):
                value = args[index]
                index += 1
            else:
                raise FlagError("flag needs an argument: -%s" % name)
        pairs.append((name, value))
    return pairs
