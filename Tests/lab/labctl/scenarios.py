"""What each scenario installs on each node: service files, config files, node.yaml knobs,
extra links, and commands to run once K3s is up. Files are paths relative to /etc (they are
written into the node's /etc overlay)."""
from dataclasses import dataclass, field

from . import installsh

SCENARIOS = ("vxlan", "wireguard-mixed", "ipsec", "cilium", "multicloud", "openrc", "env-join",
             "named-units")
DEFAULT_VERSION = "v1.25.16+k3s4"


@dataclass
class NodePlan:
    name: str
    role: str
    address: str
    version: str = DEFAULT_VERSION
    init: str = "systemd"
    kernel_modules: list = field(default_factory=lambda: ["wireguard", "vxlan", "overlay",
                                                          "br_netfilter", "ip_tables"])
    restart_delay: float = 0.0
    files: dict = field(default_factory=dict)    # relpath -> (text, mode)
    symlinks: dict = field(default_factory=dict)  # relpath -> target
    netns_commands: list = field(default_factory=list)
    after_start: list = field(default_factory=list)
    ext_address: str = ""
    install_name: str = ""  # INSTALL_K3S_NAME: the service is k3s-NAME

    @property
    def service(self):
        return installsh.service_name(self.role, self.install_name)


def _header(plan, scenario):
    return "# K3s configuration for %s (k3smigrate lab, scenario %s)\n" % (plan.name, scenario)


def _server_config(plan, scenario, first, extra=""):
    lines = [_header(plan, scenario)]
    if plan.name == first.name:
        lines.append("cluster-init: true\n")
    else:
        lines.append("server: https://%s:6443\n" % first.address)
    lines.append('write-kubeconfig-mode: "0600"\n')
    lines.append("node-label:\n  - \"lab.k3smigrate/scenario=%s\"\n" % scenario)
    return "".join(lines) + extra


def _agent_config(plan, scenario):
    return (_header(plan, scenario)
            + "# labels used by the workloads\n"
            + "node-label:\n"
            + "  - \"lab.k3smigrate/scenario=%s\"\n" % scenario
            + "  # the pool this agent belongs to\n"
            + "  - pool=general\n"
            + "kubelet-arg:\n  - \"max-pods=110\"\n")


def _install(plan, token, first, unit_args, config_text, env_extra=None):
    env = {"K3S_TOKEN": token}
    if plan.role == "agent":
        env["K3S_URL"] = "https://%s:6443" % first.address
    env.update(env_extra or {})
    if plan.init == "openrc":
        plan.files["init.d/" + plan.service] = (
            installsh.openrc_script(plan.role, unit_args, plan.service), 0o755)
        plan.files[installsh.openrc_env_path(plan.service)[len("/etc/"):]] = (
            installsh.env_file(env), 0o600)
    else:
        unit = "systemd/system/%s.service" % plan.service
        plan.files[unit] = (installsh.systemd_unit(plan.role, unit_args, plan.service), 0o644)
        plan.files[unit + ".env"] = (installsh.env_file(env), 0o600)
        plan.symlinks["systemd/system/multi-user.target.wants/%s.service" % plan.service] = \
            "/etc/" + unit
    plan.files["rancher/k3s/config.yaml"] = (config_text, 0o600)


def _wireguard_mixed(plan, index, first, scenario):
    """Servers on legacy wireguard, each setting it somewhere else; agents plain."""
    if plan.role == "agent":
        return [], _agent_config(plan, scenario)
    style = index % 3
    if style == 0:
        extra = ("# encrypted pod network (legacy backend, migrate to wireguard-native)\n"
                 "flannel-backend: \"wireguard\"   # needs the wg tool\n")
        return [], _server_config(plan, scenario, first, extra)
    if style == 1:
        plan.files["rancher/k3s/config.yaml.d/50-flannel.yaml"] = (
            "# flannel settings (drop-in)\nflannel-backend: wireguard\n", 0o600)
        return [], _server_config(plan, scenario, first)
    return ["--flannel-backend=wireguard"], _server_config(plan, scenario, first)


def _multicloud(plan, index, first, scenario, public):
    plan.ext_address = public
    plan.netns_commands += ["link add ext0 type bridge", "addr add %s/24 dev ext0" % public,
                            "link set ext0 up"]
    args, extra = [], ""
    if index % 2 == 0:
        args = ["--node-external-ip", public]
    else:
        extra = "node-external-ip: %s\n" % public
    if plan.role == "server":
        extra += "flannel-backend: wireguard-native\nflannel-external-ip: true\n"
        return args, _server_config(plan, scenario, first, extra)
    return args, _agent_config(plan, scenario) + extra


def _env_join(plans, token, scenario):
    """Servers joined the documented install.sh way (`K3S_URL=... K3S_TOKEN=... sh -`): the
    server URL lives only in the env file (pkg/cli/cmds: --server has EnvVars K3S_URL), and
    the server the others join is the LAST one (K3S_CLUSTER_INIT=true in its env file), so
    inventory order is not restart order. The last agent (with 2 or more) joined Tailscale
    through K3S_VPN_AUTH in its env file. Servers run legacy wireguard, set in config.yaml.
    With 3 or more servers the second one runs OpenRC, and so does the first agent."""
    servers = [p for p in plans if p.role == "server"]
    agents = [p for p in plans if p.role == "agent"]
    init = servers[-1]
    url = "https://%s:6443" % init.address
    # OpenRC installs of the same kind (install.sh: /etc/init.d/k3s(-agent) sourcing
    # /etc/rancher/k3s/k3s(-agent).env): the second server (when it joins) and the first agent.
    if len(servers) >= 3:
        servers[1].init = "openrc"
    if agents:
        agents[0].init = "openrc"
    for plan in plans:
        env, args = {}, []
        if plan.role == "server":
            config = (_header(plan, scenario) + 'write-kubeconfig-mode: "0600"\n'
                      + "node-label:\n  - \"lab.k3smigrate/scenario=%s\"\n" % scenario)
            if plan is servers[0] and plan is not init:
                # INSTALL_K3S_EXEC='server -t TOKEN --flannel-backend=wireguard': a -t token
                # beside the flag k3smigrate edits (pkg/cli/cmds: -t is --token's alias).
                args = ["-t", token, "--flannel-backend=wireguard"]
            else:
                config += "flannel-backend: wireguard\n"
            env = {"K3S_CLUSTER_INIT": "true"} if plan is init else {"K3S_URL": url}
        else:
            config = _agent_config(plan, scenario)
            if len(agents) >= 2 and plan is agents[-1]:
                env = {"K3S_VPN_AUTH": "name=tailscale,joinKey=tskey-lab-%s" % token[:12]}
        _install(plan, token, init, args, config, env)
    return plans


def _named_units(plans, token, scenario):
    """Services as `systemctl edit` and INSTALL_K3S_NAME leave them; every server on legacy
    wireguard, each getting it from a different place:
    servers: the first is the init server (config.yaml); the second's unit says
    --flannel-backend=vxlan but its drop-in k3s.service.d/10-flannel.conf resets ExecStart and
    replaces it (systemd.service(5)), so it runs wireguard (were the drop-in ignored, it would
    fail the critical-settings check); the third is INSTALL_K3S_NAME=edge (k3s-edge.service,
    joining through K3S_URL in k3s-edge.service.env, known to the cluster as <name>-edge by the
    Environment= of its drop-in k3s-edge.service.d/10-name.conf).
    agents: the first is INSTALL_K3S_NAME=worker (k3s-worker.service); the second has a
    drop-in k3s-agent.service.d/20-name.conf with Environment="K3S_NODE_NAME=<name>-dropin"
    (so the cluster knows it by that name); the third is an OpenRC node installed with
    INSTALL_K3S_NAME=batch (/etc/init.d/k3s-batch, /etc/rancher/k3s/k3s-batch.env)."""
    servers = [p for p in plans if p.role == "server"]
    agents = [p for p in plans if p.role == "agent"]
    first = servers[0]
    url = "https://%s:6443" % first.address
    for plan in plans:
        args, env, config = [], {}, None
        if plan.role == "server":
            index = servers.index(plan)
            config = _server_config(plan, scenario, first)
            if index == 0:
                config += "flannel-backend: wireguard\n"
            elif index == 1:
                args = ["--flannel-backend=vxlan"]
                plan.files["systemd/system/k3s.service.d/10-flannel.conf"] = (
                    "# systemctl edit k3s\n[Service]\nExecStart=\n"
                    "ExecStart=/usr/local/bin/k3s server --flannel-backend=wireguard "
                    "--node-label=lab.k3smigrate/dropin=true\n", 0o644)
            elif index == 2:
                plan.install_name = "edge"
                # The join URL only in the env file (install.sh: K3S_URL=... sh -s - server).
                config = (_header(plan, scenario) + 'write-kubeconfig-mode: "0600"\n')
                args = ["--flannel-backend=wireguard"]
                env = {"K3S_URL": url}
                plan.files["systemd/system/k3s-edge.service.d/10-name.conf"] = (
                    "[Service]\nEnvironment=\"K3S_NODE_NAME=%s-edge\"\n" % plan.name, 0o644)
            else:
                config += "flannel-backend: wireguard\n"
        else:
            index = agents.index(plan)
            config = _agent_config(plan, scenario)
            if index == 0:
                plan.install_name = "worker"
            elif index == 1:
                plan.files["systemd/system/k3s-agent.service.d/20-name.conf"] = (
                    "[Service]\nEnvironment=\"K3S_NODE_NAME=%s-dropin\"\n" % plan.name, 0o644)
            elif index == 2:
                plan.init = "openrc"
                plan.install_name = "batch"
        _install(plan, token, first, args, config, env)
    return plans


def apply(scenario, plans, token):
    """Fill each plan for `scenario` (plans in node order: servers then agents)."""
    if scenario not in SCENARIOS:
        raise ValueError("unknown scenario %s (one of: %s)" % (scenario, ", ".join(SCENARIOS)))
    if scenario == "env-join":
        return _env_join(plans, token, scenario)
    if scenario == "named-units":
        return _named_units(plans, token, scenario)
    first = plans[0]
    servers = [p for p in plans if p.role == "server"]
    if scenario == "openrc":
        servers[-1].init = "openrc"
    for index, plan in enumerate(plans):
        role_index = servers.index(plan) if plan.role == "server" else index - len(servers)
        args, config = [], None
        if scenario == "wireguard-mixed":
            args, config = _wireguard_mixed(plan, role_index, first, scenario)
        elif scenario == "multicloud":
            public = "198.51.100.%s" % plan.address.rsplit(".", 1)[1]
            args, config = _multicloud(plan, index, first, scenario, public)
        elif plan.role == "server":
            extra = {"ipsec": "flannel-backend: ipsec\n",
                     "cilium": "flannel-backend: none\ndisable-network-policy: true\n"}
            config = _server_config(plan, scenario, first, extra.get(scenario, ""))
            if plan.init == "openrc":
                args = ["--node-label=lab.k3smigrate/init=openrc"]
        else:
            config = _agent_config(plan, scenario)
        if scenario == "cilium":
            plan.after_start.append("k3s-lab cilium-leftovers")
        _install(plan, token, first, args, config)
    return plans
