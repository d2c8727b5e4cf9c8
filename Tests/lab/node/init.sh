#!/bin/bash
# PID 1 of a lab node, copied into the node dir as `systemd` (or `init` on OpenRC nodes) so
# that /proc/1/comm inside the node reads like the real init. It runs in the node's fresh
# mount, UTS and PID namespaces (inside its network namespace), builds the node's private view
# of the filesystem (see README.md, "Inside a node"), adds the k3sop user, then runs sshd until SIGTERM (SIGUSR1: a reboot, see reboot_node).
# Environment: K3M_NODE_DIR K3M_NODE K3M_CLUSTER_DIR K3M_EMULATOR_DIR K3M_INIT
set -euo pipefail
exec 2>>"$K3M_NODE_DIR/init.log"
D=$K3M_NODE_DIR

mount -t overlay k3m-etc -o "lowerdir=/etc,upperdir=$D/etc.upper,workdir=$D/etc.work" /etc
mount -t overlay k3m-varlib \
    -o "lowerdir=/var/lib,upperdir=$D/varlib.upper,workdir=$D/varlib.work" /var/lib
mkdir -p /var/lib/k3s-lab/cluster /var/lib/k3s-lab/emulator
mount --bind "$K3M_CLUSTER_DIR" /var/lib/k3s-lab/cluster
mount --bind "$K3M_EMULATOR_DIR" /var/lib/k3s-lab/emulator
mount -o remount,bind,ro /var/lib/k3s-lab/emulator
mount --bind "$D/bin" /usr/local/bin
mount --bind "$D/root" /root
mount --bind "$D/home" /home
mount --bind "$D/log" /var/log
mount --bind "$D/vartmp" /var/tmp
mount -t tmpfs -o mode=0755 k3m-run /run
mkdir -p /run/sshd /run/k3s-lab /run/lock
chmod 1777 /run/lock
if [ "$K3M_INIT" = openrc ]; then
    mkdir -p /run/openrc
    : > "$D/init/absent"    # an OpenRC host has no systemd tools: shadow the machine's
    for tool in /usr/bin/systemctl /usr/bin/journalctl; do
        if [ -e "$tool" ]; then mount --bind "$D/init/absent" "$tool"; fi
    done
else
    mkdir -p /run/systemd/system
fi
hostname "$K3M_NODE"
if ! id k3sop >/dev/null 2>&1; then
    useradd --create-home --home-dir /home/k3sop --shell /bin/bash --user-group \
        --password '*' k3sop
fi
mount --bind "$D/tmp" /tmp    # last: this hides the lab's state dir from the node

NODE_ENV=(env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8)
start_sshd() {
    "${NODE_ENV[@]}" /usr/sbin/sshd -D -f /etc/ssh/k3s-lab/sshd_config -E /var/log/sshd.log &
    sshd=$!
}

# The K3s services a boot starts: systemd's enabled units (multi-user.target.wants), or on
# OpenRC every k3s init script (install.sh adds them to the default runlevel).
boot_units() {
    if [ "$K3M_INIT" = openrc ]; then
        for f in /etc/init.d/k3s*; do [ -f "$f" ] && basename "$f"; done
    else
        for f in /etc/systemd/system/multi-user.target.wants/k3s*.service; do [ -e "$f" ] && basename "$f" .service; done
    fi
}

service_do() {
    if [ "$K3M_INIT" = openrc ]; then "${NODE_ENV[@]}" rc-service "$1" "$2"; else "${NODE_ENV[@]}" systemctl "$2" "$1"; fi
}

# SIGUSR1 (LabFaults.reboot): the node reboots in place. As on a real reboot every process of
# the node dies, SSH sessions and the commands they run included (kill -1 from PID 1 reaches
# exactly this node's PID namespace, all of it started by this script); K3s is stopped (its
# `stop` line in the restart log) and systemd's memory in /run is lost (loaded units, service
# states); after the seconds in /run/k3s-lab-reboot the enabled K3s services start from the
# files on disk, as at boot, then sshd, with the same host key.
reboot_node() {
    set +e
    local down
    down=$(cat /run/k3s-lab-reboot 2>/dev/null || echo 2)
    rm -f /run/k3s-lab-reboot
    echo "$(date -u +%FT%TZ) reboot: down for ${down}s" >&2
    [ -n "$sshd" ] && kill -TERM "$sshd" 2>/dev/null
    kill -KILL -1 2>/dev/null
    wait 2>/dev/null
    for unit in $(boot_units); do service_do "$unit" stop >/dev/null 2>&1; done
    rm -rf /run/k3s-lab/loaded /run/k3s-lab/services
    sleep "$down"
    for unit in $(boot_units); do service_do "$unit" start >/dev/null 2>&1; done
    start_sshd
    echo "$(date -u +%FT%TZ) reboot: up" >&2
    set -e
}

sshd=
trap '[ -n "$sshd" ] && kill -TERM "$sshd" 2>/dev/null; exit 0' TERM INT
trap reboot_node USR1
start_sshd
while kill -0 "$sshd" 2>/dev/null; do
    wait "$sshd" || true
done
