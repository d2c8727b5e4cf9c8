# The naive migration in pyinfra, for bench/apply-vs-ansible.sh: the steps a pyinfra user would
# write, with none of k3smigrate's checks (no preflight, no backups, no journal, no rollback, no
# Ready/backend check through kubectl):
#   1. on every server, sed flannel-backend wireguard|ipsec -> wireguard-native in config.yaml,
#      the config.yaml.d drop-ins and the unit's --flannel-backend flag (the lab's wireguard-mixed
#      scenario sets it in each of these places); daemon-reload;
#   2. servers restart one at a time in inventory order (one operation per server), each waiting
#      for is-active;
#   3. then every agent restarts at once, waiting for is-active.
# pyinfra runs each operation on all its hosts before the next operation starts, so no agent
# restarts before every server did.
from pyinfra import host, inventory
from pyinfra.operations import server

BACKEND = r"s/(flannel-backend[\"']?[:=][ \t]*[\"']?)(wireguard|ipsec)([\"' \t]|$)/\1wireguard-native\3/"
WAIT = "until [ \"$(systemctl is-active {0})\" = active ]; do sleep 1; done"
SERVERS = [h.name for h in inventory.get_group("servers")]
IS_SERVER = host.name in SERVERS

# Every host calls the same operations in the same order (an operation with no commands is a
# no-op without a round trip): pyinfra orders operations by the calls, and hosts calling different
# ones can interleave them (agents before servers, servers in any order).
server.shell(
    name="flannel-backend wireguard-native in config.yaml, drop-ins and the unit",
    commands=[
        "for f in /etc/rancher/k3s/config.yaml /etc/rancher/k3s/config.yaml.d/*.yaml /etc/systemd/system/k3s.service; do"
        " [ -f \"$f\" ] && sed -i -E '" + BACKEND.replace("'", "'\\''") + "' \"$f\"; done; true",
        "systemctl daemon-reload",
    ] if IS_SERVER else [],
)
for name in SERVERS:
    server.shell(
        name="restart k3s on %s" % name,
        commands=["systemctl restart k3s", WAIT.format("k3s")] if host.name == name else [],
    )
server.shell(
    name="restart k3s-agent on every agent",
    commands=[] if IS_SERVER else ["systemctl restart k3s-agent", WAIT.format("k3s-agent")],
)
