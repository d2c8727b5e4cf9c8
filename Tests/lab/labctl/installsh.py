"""Service files exactly as K3s's install.sh writes them (systemd unit + env file, OpenRC
init script), so the lab's nodes look like real installs to k3smigrate."""

_SYSTEMD = """[Unit]
Description=Lightweight Kubernetes
Documentation=https://k3s.io
Wants=network-online.target
After=network-online.target

[Install]
WantedBy=multi-user.target

[Service]
Type=%(type)s
EnvironmentFile=-/etc/default/%%N
EnvironmentFile=-/etc/sysconfig/%%N
EnvironmentFile=-/etc/systemd/system/%(service)s.service.env
KillMode=process
Delegate=yes
User=root
# Having non-zero Limit*s causes performance problems due to accounting overhead
# in the kernel. We recommend using cgroups to do container-local accounting.
LimitNOFILE=1048576
LimitNPROC=infinity
LimitCORE=infinity
TasksMax=infinity
TimeoutStartSec=0
Restart=always
RestartSec=5s
ExecStartPre=/bin/sh -xc '! /usr/bin/systemctl is-enabled --quiet nm-cloud-setup.service 2>/dev/null'
ExecStartPre=-/sbin/modprobe br_netfilter
ExecStartPre=-/sbin/modprobe overlay
ExecStart=/usr/local/bin/k3s \\
    %(exec)s

"""

_OPENRC = """#!/sbin/openrc-run

depend() {
    after network-online
    want cgroups
}

start_pre() {
    rm -f /tmp/k3s.*
}

supervisor=supervise-daemon
name=%(service)s
command="/usr/local/bin/k3s"
command_args="%(exec)s
    >>%(log)s 2>&1"

output_log=%(log)s
error_log=%(log)s

pidfile="/var/run/%(service)s.pid"
respawn_delay=5
respawn_max=0

set -o allexport
if [ -f /etc/environment ]; then . /etc/environment; fi
if [ -f %(env)s ]; then . %(env)s; fi
set +o allexport
"""


def quote(arg):
    return "'" + arg.replace("'", "'\\''") + "'"


def exec_text(command, args):
    """install.sh's "${CMD_K3S}$(quote_indent "$@")": one quoted arg per tab-indented line."""
    return command + " \\" + "".join("\n\t%s \\" % quote(arg) for arg in args)


def service_name(role, install_name=""):
    """install.sh's SYSTEM_NAME: k3s-${INSTALL_K3S_NAME}, else k3s / k3s-agent."""
    if install_name:
        return "k3s-" + install_name
    return "k3s" if role == "server" else "k3s-agent"


def systemd_unit(role, args, service=None):
    return _SYSTEMD % {"type": "notify" if role == "server" else "exec",
                       "service": service or service_name(role),
                       "exec": exec_text("server" if role == "server" else "agent", args)}


def env_file(values):
    """install.sh keeps K3S_* variables as `sh -c export` prints them: KEY='value'."""
    return "".join("%s=%s\n" % (key, quote(values[key])) for key in sorted(values))


def openrc_env_path(service):
    """install.sh's FILE_K3S_ENV on OpenRC: /etc/rancher/k3s/${SYSTEM_NAME}.env."""
    return "/etc/rancher/k3s/%s.env" % service


def openrc_script(role, args, service=None):
    service = service or service_name(role)
    text = exec_text("server" if role == "server" else "agent", args).replace('"', '\\"')
    return _OPENRC % {"service": service, "exec": text, "log": "/var/log/%s.log" % service,
                      "env": openrc_env_path(service)}
