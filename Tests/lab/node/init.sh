#!/bin/bash
# PID 1 of a lab node, copied into the node dir as `systemd` (or `init` on OpenRC nodes) so
# that /proc/1/comm inside the node reads like the real init. It runs in the node's fresh
# mount, UTS and PID namespaces (inside its network namespace), builds the node's private view
# of the filesystem (see README.md, "Inside a node"), adds the k3sop user, then runs sshd until SIGTERM.
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

sshd=
trap '[ -n "$sshd" ] && kill -TERM "$sshd" 2>/dev/null; exit 0' TERM INT
env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    /usr/sbin/sshd -D -f /etc/ssh/k3s-lab/sshd_config -E /var/log/sshd.log &
sshd=$!
while kill -0 "$sshd" 2>/dev/null; do
    wait "$sshd" || true
done
