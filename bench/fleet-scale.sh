#!/usr/bin/env bash
# Benchmark: k3smigrate at fleet scale on the lab, beside Ansible in the same run. For each size N
# in SIZES (default "50 200"; the lab holds at most 244 nodes), a lab of 3 servers + N-3 agents
# (wireguard-mixed, restart delay 0):
#   k3smigrate facts and plan -p wireguard-native; Ansible (ansible-core in the throwaway venv,
#   forks 50) `ansible all -m command -a "cat config.yaml"` (what it reads for facts), read-only
#   on the same lab; then k3smigrate apply --parallel 50 --yes; then, unless ANSIBLE_APPLY=0, a
#   fresh lab of the same size for ansible-playbook bench/ansible/wireguard-native.yml with agent
#   batches of 50.
# Figures per command: wall s, controller CPU s (user+sys incl. children), peak RSS MiB (largest
# single process), and the same per host (CPU ms/host, RSS KiB/host), with the load noted. The
# question: do CPU and memory per host stay flat from 50 to 200?
# Env: SIZES ("50 200"), PARALLEL (50), TOOLS ("k3smigrate ansible"), ANSIBLE_APPLY (1), KEEP=1.
# Exit: 0 done (every apply converged), 1 error.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_init
sizes=${SIZES:-50 200}; parallel=${PARALLEL:-50}; tools=" ${TOOLS:-k3smigrate ansible} "
lab=bench-scale-$$
build_k3smigrate || { echo "bench: cannot build k3smigrate" >&2; exit 1; }
[[ $tools == *" ansible "* ]] && ensure_ansible
K3SM=(env HOME="$WORK/home" "$BIN")
mkdir -p "$WORK/home"
echo "k3smigrate: $BIN"
[[ $tools == *" ansible "* ]] && echo "ansible:    $ANSIBLE_VERSION (forks 50, pipelining)"
echo "machine:    $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"

rows=(); failures=0
row() { # SIZE TOOL WHAT
  local n=$1
  rows+=("$(printf '%5s %-10s %-9s %8s %9s %8s %12s %12s %12s  %3s %s' "$n" "$2" "$3" "$M_WALL" "$M_CPU" \
    "$(awk -v k="$M_RSS" 'BEGIN { printf "%.1f", k / 1024 }')" \
    "$(awk -v c="$M_CPU" -v n="$n" 'BEGIN { printf "%.1f", c * 1000 / n }')" \
    "$(awk -v k="$M_RSS" -v n="$n" 'BEGIN { printf "%.0f", k / n }')" "$M_LOAD" "$M_RC" "${4:-}")")
  [ "$M_RC" -eq 0 ] || { failures=$((failures + 1)); KEEP=1; echo "bench: $2 $3 at $n hosts exited $M_RC (log kept in $WORK)" >&2; }
}

ready_count() { # LAB_INV: N/M nodes Ready on wireguard-native, asked on s1
  local dir; dir=$(dirname "$1")
  ssh -n -i "$dir/id_ed25519" -o UserKnownHostsFile="$dir/known_hosts" -o StrictHostKeyChecking=yes \
    -o GlobalKnownHostsFile=/dev/null -o BatchMode=yes -F /dev/null "root@$(awk '/address:/ { print $2; exit }' "$1")" \
    k3s kubectl get nodes -o json | /usr/bin/python3 -B bench/ansible/nodes_ready.py wireguard || true
}

for n in $sizes; do
  agents=$((n - 3))
  lab_up "$lab" 3 "$agents" wireguard-mixed 0
  if [[ $tools == *" k3smigrate "* ]]; then
    measure "$WORK/facts-$n.log" "${K3SM[@]}" facts -i "$LAB_INV"; row "$n" k3smigrate facts
    measure "$WORK/plan-$n.log" "${K3SM[@]}" plan -i "$LAB_INV" -p wireguard-native --format json; row "$n" k3smigrate plan
  fi
  if [[ $tools == *" ansible "* ]]; then
    # Read-only, so on the same lab, before anything changes.
    ansible_inventory "$LAB_INV" "$WORK/ansible-inventory.yaml"
    measure "$WORK/ansible-facts-$n.log" "${ANSIBLE_ENV[@]}" /usr/bin/python3 -B bench/ansible/reap.py \
      "$BENCH_VENV/bin/ansible" all -i "$WORK/ansible-inventory.yaml" --forks 50 -m command -a "cat /etc/rancher/k3s/config.yaml"
    row "$n" ansible facts
  fi
  if [[ $tools == *" k3smigrate "* ]]; then
    measure "$WORK/apply-$n.log" "${K3SM[@]}" apply -i "$LAB_INV" -p wireguard-native --yes --parallel "$parallel" \
      --state-dir "$WORK/state-$n"
    row "$n" k3smigrate apply "ready=$(ready_count "$LAB_INV")"
  fi
  lab_down "$lab"
  if [[ $tools == *" ansible "* ]] && [ "${ANSIBLE_APPLY:-1}" = 1 ]; then
    lab_up "$lab" 3 "$agents" wireguard-mixed 0
    ansible_inventory "$LAB_INV" "$WORK/ansible-inventory.yaml"
    measure "$WORK/ansible-apply-$n.log" "${ANSIBLE_ENV[@]}" /usr/bin/python3 -B bench/ansible/reap.py \
      "$BENCH_VENV/bin/ansible-playbook" -i "$WORK/ansible-inventory.yaml" --forks 50 -e agent_batch="$parallel" \
      bench/ansible/wireguard-native.yml
    row "$n" ansible apply "ready=$(ready_count "$LAB_INV")"
    lab_down "$lab"
  fi
done

echo
echo "controller CPU = user+sys incl. children; RSS = largest single process; load = 1-min before/after"
printf '%5s %-10s %-9s %8s %9s %8s %12s %12s %12s  %3s %s\n' hosts tool what "wall s" "CPU s" "RSS MiB" "CPU ms/host" "RSS KiB/host" load rc note
printf '%s\n' "${rows[@]}"
[ "$failures" -eq 0 ] || exit 1
