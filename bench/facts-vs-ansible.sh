#!/usr/bin/env bash
# Benchmark: `k3smigrate facts` on a 50-node lab (3 servers + 47 agents, wireguard-mixed) against
# ansible-core reading the same file from the same nodes in the same run
# (`ansible all -m command -a "cat /etc/rancher/k3s/config.yaml"`, forks 50, pipelining).
# Wall time and peak RSS from /usr/bin/time (%e, %M: the largest single process of the tree),
# controller CPU = user+sys of the command and all its children (Ansible's detached ssh
# ControlPersist masters included, see bench/ansible/reap.py). Runs alternate between the tools.
# Env: RUNS (default 3), SERVERS (3), AGENTS (47), KEEP=1 keeps the run dir. Needs root.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_init
runs=${RUNS:-3}; servers=${SERVERS:-3}; agents=${AGENTS:-47}; hosts=$((servers + agents))
lab=bench-facts-$$

build_k3smigrate || { echo "bench: cannot build k3smigrate" >&2; exit 1; }
ensure_ansible
echo "k3smigrate: $BIN"
echo "ansible:    $ANSIBLE_VERSION (venv $BENCH_VENV, forks 50, pipelining, ControlPersist default)"

lab_up "$lab" "$servers" "$agents" wireguard-mixed 0
ansible_inventory "$LAB_INV" "$WORK/ansible-inventory.yaml"
echo "lab:        $lab, $servers servers + $agents agents (wireguard-mixed), inventory $LAB_INV"

rows=(); k_wall=(); k_rss=(); k_cpu=(); a_wall=(); a_rss=(); a_cpu=()
run_k3smigrate() {
  measure "$WORK/k3smigrate-$1.log" env HOME="$WORK/home" "$BIN" facts -i "$LAB_INV"
  local lines; lines=$(grep -c . "$WORK/k3smigrate-$1.log" || true)
  if [ "$M_RC" -ne 0 ] || [ "$lines" -lt "$hosts" ]; then
    echo "bench: k3smigrate facts failed (exit $M_RC, $lines lines):" >&2; tail -5 "$WORK/k3smigrate-$1.log" >&2; exit 1
  fi
  k_wall+=("$M_WALL"); k_rss+=("$M_RSS"); k_cpu+=("$M_CPU")
  rows+=("$(printf '%-10s %3s %8s %13s %11s %9s   %s' k3smigrate "$1" "$M_WALL" "$((M_RSS / 1024))" "$M_CPU" "$M_MACHINE" "$M_LOAD")")
}
run_ansible() {
  measure "$WORK/ansible-$1.log" "${ANSIBLE_ENV[@]}" /usr/bin/python3 -B bench/ansible/reap.py \
    "$BENCH_VENV/bin/ansible" all -i "$WORK/ansible-inventory.yaml" --forks 50 \
    -m command -a "cat /etc/rancher/k3s/config.yaml"
  local ok; ok=$(grep -c '| CHANGED | rc=0' "$WORK/ansible-$1.log" || true)
  if [ "$M_RC" -ne 0 ] || [ "$ok" -ne "$hosts" ]; then
    echo "bench: ansible failed (exit $M_RC, $ok of $hosts hosts ok):" >&2; grep -v '^[a-z]' "$WORK/ansible-$1.log" | tail -5 >&2; exit 1
  fi
  a_wall+=("$M_WALL"); a_rss+=("$M_RSS"); a_cpu+=("$M_CPU")
  rows+=("$(printf '%-10s %3s %8s %13s %11s %9s   %s' ansible "$1" "$M_WALL" "$((M_RSS / 1024))" "$M_CPU" "$M_MACHINE" "$M_LOAD")")
}
for i in $(seq "$runs"); do
  if [ $((i % 2)) -eq 1 ]; then run_k3smigrate "$i"; run_ansible "$i"; else run_ansible "$i"; run_k3smigrate "$i"; fi
done

echo
echo "$hosts hosts, $runs runs each, $(nproc) cores; CPU = the controller's user+sys incl. children;"
echo "machine = CPU s the whole machine was busy meanwhile (controller + lab nodes + other users); load = 1-min before/after"
printf '%-10s %3s %8s %13s %11s %9s   %s\n' tool run "wall s" "peak RSS MiB" "CPU s (u+s)" "machine" "load"
printf '%s\n' "${rows[@]}"
kw=$(printf '%s\n' "${k_wall[@]}" | median); aw=$(printf '%s\n' "${a_wall[@]}" | median)
kc=$(printf '%s\n' "${k_cpu[@]}" | median); ac=$(printf '%s\n' "${a_cpu[@]}" | median)
kr=$(printf '%s\n' "${k_rss[@]}" | median); ar=$(printf '%s\n' "${a_rss[@]}" | median)
echo
printf '%-10s %3s %8s %13s %11s\n' k3smigrate med "$kw" "$((kr / 1024))" "$kc"
printf '%-10s %3s %8s %13s %11s\n' ansible med "$aw" "$((ar / 1024))" "$ac"
echo "ratio ansible/k3smigrate (medians): wall $(ratio "$aw" "$kw")x, controller CPU $(ratio "$ac" "$kc")x, peak RSS $(ratio "$ar" "$kr")x"
echo "note: k3smigrate runs one script per host reading every fact the planner needs (k3s --version, links,"
echo "      addresses, modules, sysctls, config.yaml + drop-ins, units/OpenRC scripts, CNI and sysctl files);"
echo "      Ansible cats one file. Ansible's peak RSS is its largest process; it runs up to 50 forked workers"
echo "      plus one ssh master per host at once. \"machine\" near cores x wall means the 2 cores were saturated."
