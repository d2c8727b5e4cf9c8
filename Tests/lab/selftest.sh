#!/bin/bash
# Self-test of the k3smigrate lab: brings up a 2+2 wireguard-mixed lab, checks SSH into every
# node, the systemctl/kubectl emulation, the legacy-wireguard migration rules, the restart log,
# the k3s-killall.sh hazard and uninstall, then tears the lab down and checks nothing is left.
# Prints "N passed, M failed"; exits 1 when anything failed. Needs root.
set -u
LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAB="$LAB_DIR/lab"
NAME="selftest-$$"
PASS=0
FAIL=0

check() {   # check DESCRIPTION COMMAND...
    local what=$1
    shift
    if "$@" >/dev/null 2>&1; then
        PASS=$((PASS + 1))
        echo "ok   - $what"
    else
        FAIL=$((FAIL + 1))
        echo "FAIL - $what"
    fi
}

finish() {
    echo "$PASS passed, $FAIL failed"
    [ "$FAIL" -eq 0 ]
    exit $?
}

node() { "$LAB" exec --name "$NAME" "$@"; }                 # node NODE -- CMD...
ssh_as() {                                                  # ssh_as USER ADDRESS CMD...
    local user=$1 address=$2
    shift 2
    ssh -i "$STATE/id_ed25519" -o UserKnownHostsFile="$STATE/known_hosts" \
        -o StrictHostKeyChecking=yes -o BatchMode=yes -o ConnectTimeout=3 \
        -o LogLevel=ERROR "$user@$address" "$@"
}
addr() { grep -A1 "name: $1\$" "$INVENTORY" | awk '/address:/ {print $2}'; }
contains() { grep -q -- "$2" <<<"$1"; }
ready_count() {   # ready_count BACKEND_TYPE -> how many nodes are Ready with that backend
    node s1 -- k3s kubectl get nodes -o json | /usr/bin/python3 -c '
import json, sys
items = json.load(sys.stdin)["items"]
print(sum(1 for n in items
          if n["status"]["conditions"][0]["status"] == "True"
          and n["metadata"]["annotations"].get("flannel.alpha.coreos.com/backend-type") == sys.argv[1]))
' "$1"
}
log_ok() {   # every restart-log line has the documented shape
    /usr/bin/python3 - "$STATE/restarts.log" <<'EOF'
import re, sys
shape = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \S+ \S+ \S+ \S+ backend=\S+$")
lines = open(sys.argv[1]).read().splitlines()
sys.exit(0 if lines and all(shape.match(line) for line in lines) else 1)
EOF
}
order_ok() {   # restarts since $1: s1, then s2, then the agents, one at a time
    /usr/bin/python3 - "$STATE/restarts.log" "$1" <<'EOF'
import sys
events = [line.split()[1:5] for line in open(sys.argv[1]) if line > sys.argv[2]]
seen = [(node, result) for node, action, _service, result in events if action == "restart"]
agents = seen[4:]
paired = all(agents[i][0] == agents[i + 1][0] and (agents[i][1], agents[i + 1][1]) == ("begin", "ok")
             for i in range(0, len(agents), 2))
ok = seen[:4] == [("s1", "begin"), ("s1", "ok"), ("s2", "begin"), ("s2", "ok")]
sys.exit(0 if ok and len(agents) == 4 and paired else 1)
EOF
}
add_unit_flag() {   # add_unit_flag NODE FLAG: one more install.sh-style line after `server \`
    node "$1" -- /usr/bin/python3 -c '
import sys
path = "/etc/systemd/system/k3s.service"
old = "    server \\\n"
text = open(path).read().replace(old, old + "\t\x27%s\x27 \\\n" % sys.argv[1], 1)
open(path, "w").write(text)' "$2"
}
operator_rule_gone() { ! grep -q 'allow cilium metrics' <<<"$out" && grep -q 'ops: allow ssh' <<<"$out"; }
nothing_left() {
    ! ip netns list | grep -q "^k3m-$NAME-" && ! ip link show "k3mbr$K" >/dev/null 2>&1 &&
        ! ip -o link | grep -q ": k3m$K-"
}
pids_gone() {
    local p
    for p in $PIDS; do
        [ ! -d "/proc/$p" ] || grep -q '^State:.*Z' "/proc/$p/status" 2>/dev/null || return 1
    done
}

trap '"$LAB" down --name "$NAME" >/dev/null 2>&1' EXIT

# --- unit tests of the pure parts (parsers, install.sh files, inventory) --------------------
out=$(cd "$LAB_DIR" && /usr/bin/python3 -B -m unittest discover -s tests -t . 2>&1)
units_ok() { grep -q '^OK$' <<<"$out"; }
check "python unit tests: $(grep -o 'Ran [0-9]* tests' <<<"$out")" units_ok

# --- up -------------------------------------------------------------------------------------
INVENTORY=$("$LAB" up --name "$NAME" --servers 2 --agents 2 --scenario wireguard-mixed)
check "lab up exits 0 and prints the inventory path" test -f "$INVENTORY"
[ -f "$INVENTORY" ] || finish
STATE=$(dirname "$INVENTORY")
check "inventory names the cluster, both servers and both agents" \
    bash -c "grep -q '^cluster: lab-$NAME\$' '$INVENTORY' && grep -c 'name: [sa][12]\$' '$INVENTORY' | grep -qx 4"
check "known_hosts holds one ed25519 key per node" \
    bash -c "grep -c ' ssh-ed25519 ' '$STATE/known_hosts' | grep -qx 4"

for n in s1 s2 a1 a2; do
    out=$(ssh_as root "$(addr $n)" k3s --version 2>&1)
    check "ssh root@$n k3s --version (strict host key)" contains "$out" "k3s version v1.25.16+k3s4"
done
out=$(ssh_as k3sop "$(addr a1)" 'sudo -n systemctl is-active k3s-agent' 2>&1)
check "k3sop on a1 runs systemctl through sudo" contains "$out" "^active$"
out=$(ssh_as root "$(addr s2)" 'hostname; cat /proc/1/comm; test -d /run/systemd/system && echo sd' 2>&1)
check "s2 has its own hostname, an init named systemd and /run/systemd/system" \
    contains "$(tr '\n' ' ' <<<"$out")" "^s2 systemd sd $"

# --- systemctl / kubectl --------------------------------------------------------------------
check "servers' k3s and agents' k3s-agent are active" bash -c \
    "[ \"\$('$LAB' exec --name $NAME s1 -- systemctl is-active k3s)\" = active ] &&
     [ \"\$('$LAB' exec --name $NAME a2 -- systemctl is-active k3s-agent)\" = active ]"
check "all 4 nodes Ready on legacy wireguard (backend-type extension)" \
    test "$(ready_count extension)" = 4
check "kubectl on an agent fails like K3s (no admin kubeconfig)" \
    bash -c "! '$LAB' exec --name $NAME a1 -- k3s kubectl get nodes"
check "show -p ActiveState --value" test "$(node s2 -- systemctl show -p ActiveState --value k3s)" = active

# A unit edited without daemon-reload keeps its old flags.
add_unit_flag s1 --node-label=edited=yes
check "the edit is in the unit file" node s1 -- grep -q "edited=yes" /etc/systemd/system/k3s.service
check "status warns: changed on disk, run daemon-reload" \
    bash -c "'$LAB' exec --name $NAME s1 -- systemctl status k3s | grep -q 'changed on disk'"
node s1 -- systemctl restart k3s 2>/dev/null
check "restart without daemon-reload runs the loaded (old) flags" \
    bash -c "! '$LAB' exec --name $NAME s1 -- k3s kubectl get node s1 -o json | grep -q '\"edited\"'"
node s1 -- systemctl daemon-reload
node s1 -- systemctl restart k3s
check "after daemon-reload the new flag is used" \
    bash -c "'$LAB' exec --name $NAME s1 -- k3s kubectl get node s1 -o json | grep -q '\"edited\": \"yes\"'"

# --- migration to wireguard-native: order matters -------------------------------------------
node s2 -- sed -i 's/^flannel-backend: wireguard$/flannel-backend: wireguard-native/' \
    /etc/rancher/k3s/config.yaml.d/50-flannel.yaml
check "restarting the joining server first fails" bash -c "! '$LAB' exec --name $NAME s2 -- systemctl restart k3s"
check "... with K3s's critical configuration mismatch" \
    node s2 -- grep -q "critical configuration value mismatch" /var/log/k3s.log
check "... and is-active says failed" test "$(node s2 -- systemctl is-active k3s)" = failed
since=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
sleep 0.01
node s1 -- sed -i 's/^flannel-backend: "wireguard"/flannel-backend: "wireguard-native"/' \
    /etc/rancher/k3s/config.yaml
check "s1 restarts on wireguard-native" node s1 -- systemctl restart k3s
check "then s2 joins it" node s2 -- systemctl restart k3s
check "agents are NotReady until they restart" test "$(ready_count wireguard)" = 2
check "a1 restarts" node a1 -- systemctl restart k3s-agent
check "a2 restarts" node a2 -- systemctl restart k3s-agent
check "all 4 nodes Ready on wireguard-native (backend-type wireguard)" test "$(ready_count wireguard)" = 4
check "a1 has flannel-wg and no flannel.1" \
    node a1 -- sh -c 'ip link show flannel-wg && ! ip link show flannel.1'
check "restart log: every line has the documented shape" log_ok
check "restart log: s1, then s2, then the agents" order_ok "$since"

# --- K3s refusals ---------------------------------------------------------------------------
node a2 -- sh -c 'echo "flannel-backend: vxlan" >> /etc/rancher/k3s/config.yaml'
check "an agent with a server-only key dies" bash -c "! '$LAB' exec --name $NAME a2 -- systemctl restart k3s-agent"
check "... with 'flag provided but not defined: -flannel-backend'" \
    node a2 -- grep -q "flag provided but not defined: -flannel-backend" /var/log/k3s.log
node a2 -- sed -i '/^flannel-backend: vxlan$/d' /etc/rancher/k3s/config.yaml
node a2 -- sed -i '/^- wireguard$/d' /etc/k3s-lab/node.yaml
check "modprobe -n -q wireguard fails once the module is gone" \
    bash -c "! '$LAB' exec --name $NAME a2 -- modprobe -n -q wireguard"
check "wireguard-native without the module fails" bash -c "! '$LAB' exec --name $NAME a2 -- systemctl restart k3s-agent"
node s1 -- sh -c 'mkdir -p /etc/rancher/k3s/config.yaml.d && printf "node-label: [broken\n" > /etc/rancher/k3s/config.yaml.d/90-bad.yaml'
check "invalid YAML in a drop-in stops K3s" bash -c "! '$LAB' exec --name $NAME s1 -- systemctl restart k3s"
node s1 -- rm /etc/rancher/k3s/config.yaml.d/90-bad.yaml
check "fixed, it starts again" node s1 -- systemctl restart k3s

# --- k3s-killall.sh hazard, safe cleanup, uninstall ----------------------------------------
node a1 -- k3s-lab cilium-leftovers
check "cilium leftovers: links and rules present" \
    node a1 -- sh -c 'ip link show cilium_host && ip link show cilium_vxlan && iptables-save | grep -q "cilium-feeder: CILIUM_INPUT" && ip6tables-save | grep -q CILIUM_POST_nat'
node a1 -- k3s-killall.sh
check "killall with cilium links logs uplink-down" grep -q " a1 uplink-down eth0 " "$STATE/restarts.log"
check "... and the node's uplink is down (ssh fails)" bash -c "! ssh -i '$STATE/id_ed25519' -o UserKnownHostsFile='$STATE/known_hosts' -o BatchMode=yes -o ConnectTimeout=2 root@$(addr a1) true"
node a1 -- ip link set eth0 up
check "uplink back up, ssh works again" ssh_as root "$(addr a1)" true
out=$(ssh_as root "$(addr a1)" 'ip link delete cilium_host; ip link delete cilium_vxlan;
    iptables-save | grep -iv cilium | iptables-restore; ip6tables-save | grep -iv cilium | ip6tables-restore;
    k3s-killall.sh; iptables-save' 2>&1)
check "cleanup in the documented order leaves the uplink up" ssh_as root "$(addr a1)" true
check "... and removes the operator rule that mentions cilium (the grep caveat)" operator_rule_gone
check "killall stopped k3s-agent" test "$(node a1 -- systemctl is-active k3s-agent)" = inactive
node a1 -- k3s-agent-uninstall.sh
check "uninstall removed the unit, /etc/rancher/k3s and itself" \
    node a1 -- sh -c '! test -e /etc/systemd/system/k3s-agent.service && ! test -e /etc/rancher/k3s && ! test -e /usr/local/bin/k3s-agent-uninstall.sh'

# --- isolation ------------------------------------------------------------------------------
node s2 -- sh -c 'echo private > /etc/k3s-lab-private'
check "a node's /etc writes stay in its overlay upper dir" \
    bash -c "test -f '$STATE/nodes/s2/etc.upper/k3s-lab-private' && ! test -e /etc/k3s-lab-private"
check "useradd k3sop stayed inside the node" bash -c "! grep -q '^k3sop:' /etc/passwd"

# --- down -----------------------------------------------------------------------------------
PIDS=$(awk '{print $3}' "$STATE/pids")
K=$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["k"])' "$STATE/lab.json")
check "lab down exits 0" "$LAB" down --name "$NAME"
check "no namespace, veth or bridge left" nothing_left
check "every recorded process is gone" pids_gone
check "state dir removed" test ! -e "$STATE"
check "lab down again is a no-op (exit 0)" "$LAB" down --name "$NAME"
trap - EXIT
finish
