#!/usr/bin/env bash
# Benchmark: the wireguard-native migration of a 50-node lab (3 servers + 47 agents,
# wireguard-mixed) by `k3smigrate apply --parallel P` (PARALLEL, default 50), by ansible-playbook
# running the equivalent bench/ansible/wireguard-native.yml (ansible-core in a throwaway venv,
# forks 50, pipelining, servers serial 1, agents serial P), and by pyinfra running the naive
# bench/pyinfra/deploy.py (pyinfra from PyPI in a throwaway venv, --parallel 50: sed the backend,
# servers one at a time, then every agent at once, is-active waits only), in the same run, at
# restart delays 0 s and 1 s.
# Each run gets a fresh lab; convergence is checked with `k3smigrate plan --detailed-exitcode`
# (exit 0) and every node Ready on wireguard-native; the lab's restart log shows the order kept.
# Wall time from /usr/bin/time %e; controller CPU = %U + %S of the process and its children
# (Ansible's detached ssh ControlPersist masters included, see bench/ansible/reap.py).
# Goals (issue 13): k3smigrate >= 10x faster than Ansible and 1.5x faster than pyinfra at delay 0,
# <= 1/70 of Ansible's controller CPU, and at delay d within 1 s of servers*d + ceil(agents/P)*d.
# BASELINE_BIN (a k3smigrate binary built from the code before a change, e.g. main's commit built
# with `swift build -c release --scratch-path .build-base`): run too, as tool `baseline`, right
# before this tree's build on its own fresh lab, so before and after come from the same run.
# Env: DELAYS ("0 1"), RUNS (1: runs per tool and delay), SERVERS (3), AGENTS (47), PARALLEL (50),
# TOOLS ("k3smigrate ansible pyinfra"), BASELINE_BIN, KEEP=1.
# Exit: 0 all goals met, 1 error, 2 a goal missed, 3 `k3smigrate apply` missing from this build.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_init
delays=${DELAYS:-0 1}; runs=${RUNS:-1}; servers=${SERVERS:-3}; agents=${AGENTS:-47}; parallel=${PARALLEL:-50}
tools=" ${TOOLS:-k3smigrate ansible pyinfra} "
lab=bench-apply-$$

build_k3smigrate || { echo "bench: cannot build k3smigrate" >&2; exit 1; }
[[ $tools == *" ansible "* ]] && ensure_ansible
[[ $tools == *" pyinfra "* ]] && ensure_pyinfra
K3SM=(env HOME="$WORK/home" "$BIN")
have_apply=yes
"${K3SM[@]}" apply --help >/dev/null 2>&1 || have_apply=no
echo "k3smigrate: $BIN (apply: $have_apply)"
if [ -n "${BASELINE_BIN:-}" ]; then
  [ -x "$BASELINE_BIN" ] || { echo "bench: BASELINE_BIN $BASELINE_BIN is not an executable" >&2; exit 1; }
  echo "baseline:   $BASELINE_BIN"
fi
[[ $tools == *" ansible "* ]] && echo "ansible:    $ANSIBLE_VERSION (venv $BENCH_VENV; forks 50, pipelining, ControlPersist default)"
[[ $tools == *" pyinfra "* ]] && echo "pyinfra:    $PYINFRA_VERSION (venv $PYINFRA_VENV; --parallel 50)"
echo "lab:        $servers servers + $agents agents, wireguard-mixed, a fresh lab per run"
[[ $tools == *" k3smigrate "* ]] || have_apply=skipped
[ "$have_apply" != no ] || echo "bench: this build has no \`k3smigrate apply\`: only the Ansible half runs" >&2

now_utc() { date -u +%Y-%m-%dT%H:%M:%S.%3NZ; }

# verify SINCE: convergence, node health and the restart order since SINCE on the current lab;
# sets V_TEXT and V_OK.
verify() {
  local dir; dir=$(dirname "$LAB_INV")
  local key="$dir/id_ed25519" s1 ready plan_rc=0 order agents_at_once
  "${K3SM[@]}" plan -i "$LAB_INV" -p wireguard-native --detailed-exitcode >"$WORK/verify-plan.log" 2>&1 || plan_rc=$?
  s1=$(awk '/address:/ { print $2; exit }' "$LAB_INV")
  ready=$(ssh -n -i "$key" -o UserKnownHostsFile="$dir/known_hosts" -o StrictHostKeyChecking=yes \
    -o GlobalKnownHostsFile=/dev/null -o BatchMode=yes -F /dev/null "root@$s1" k3s kubectl get nodes -o json \
    | /usr/bin/python3 -B bench/ansible/nodes_ready.py wireguard) || true
  order=$(/usr/bin/python3 -B bench/ansible/restart_log.py "$dir/restarts.log" "$1")
  V_TEXT="plan-exit=$plan_rc ready=$ready $order"
  agents_at_once=$(sed -n 's/.*agents_at_once=\([0-9]*\).*/\1/p' <<<"$order")
  V_OK=no
  if [ "$plan_rc" -eq 0 ] && [ "$ready" = "$((servers + agents))/$((servers + agents))" ] \
     && [ "${agents_at_once:-99}" -le "$parallel" ] \
     && [[ $order == *"failed=0 servers_at_once=1 "* ]] && [[ $order == *"servers_before_agents=yes"* ]]; then
    V_OK=yes
  fi
}

rows=(); phases=()
declare -A wall cpu
record() { # TOOL DELAY RUN
  local tool=$1 d=$2 run=$3
  wall[$tool.$d]+="$M_WALL "; cpu[$tool.$d]+="$M_CPU "
  rows+=("$(printf '%-10s %5s %3s %8s %17s %9s %11s  %-4s %s' "$tool" "$d" "$run" "$M_WALL" "$M_CPU" "$M_MACHINE" "$M_LOAD" "$V_OK" "$V_TEXT")")
  if [ "$M_RC" -ne 0 ] || [ "$V_OK" != yes ]; then
    echo "bench: $tool at delay $d (run $run) exited $M_RC, verify: $V_TEXT; log: $WORK/$tool-$d-$run.log" >&2
    failures=$((failures + 1)); KEEP=1
  fi
}
failures=0

for run in $(seq "$runs"); do
  for d in $delays; do
    if [ "$have_apply" = yes ]; then
      for k in ${BASELINE_BIN:+baseline} k3smigrate; do
        exe=$BIN; [ "$k" = k3smigrate ] || exe=$BASELINE_BIN
        lab_up "$lab" "$servers" "$agents" wireguard-mixed "$d"
        since=$(now_utc)
        measure "$WORK/$k-$d-$run.log" env HOME="$WORK/home" "$exe" apply -i "$LAB_INV" -p wireguard-native --yes \
          --state-dir "$WORK/state-$k-$d-$run" --parallel "$parallel"
        verify "$since"; record "$k" "$d" "$run"
        journal=$(ls "$WORK/state-$k-$d-$run"/runs/*/journal.jsonl 2>/dev/null | head -n 1 || true)
        [ -z "$journal" ] || phases+=("  $k delay $d run $run: $(/usr/bin/python3 -B bench/ansible/k3smigrate_phases.py "$journal" "$since")")
        lab_down "$lab"
      done
    fi
    if [[ $tools == *" ansible "* ]]; then
      lab_up "$lab" "$servers" "$agents" wireguard-mixed "$d"
      ansible_inventory "$LAB_INV" "$WORK/ansible-inventory.yaml"
      since=$(now_utc)
      measure "$WORK/ansible-$d-$run.log" "${ANSIBLE_ENV[@]}" /usr/bin/python3 -B bench/ansible/reap.py \
        "$BENCH_VENV/bin/ansible-playbook" -i "$WORK/ansible-inventory.yaml" --forks 50 -e agent_batch="$parallel" \
        bench/ansible/wireguard-native.yml
      verify "$since"; record ansible "$d" "$run"
      lab_down "$lab"
    fi
    if [[ $tools == *" pyinfra "* ]]; then
      lab_up "$lab" "$servers" "$agents" wireguard-mixed "$d"
      /usr/bin/python3 -B bench/pyinfra/inventory.py "$LAB_INV" "$WORK/pyinfra_inventory.py"
      since=$(now_utc)
      measure "$WORK/pyinfra-$d-$run.log" "${PYINFRA_ENV[@]}" "$PYINFRA_VENV/bin/pyinfra" -y --parallel 50 \
        "$WORK/pyinfra_inventory.py" bench/pyinfra/deploy.py
      verify "$since"; record pyinfra "$d" "$run"
      lab_down "$lab"
    fi
  done
done

echo
echo "$((servers + agents)) hosts, $runs run(s) per tool and delay, $(nproc) cores; controller CPU = user+sys incl. children;"
echo "machine = CPU s the whole machine was busy meanwhile (controller + lab nodes + other users); load = 1-min before/after"
printf '%-10s %5s %3s %8s %17s %9s %11s  %-4s %s\n' tool delay run "wall s" "controller CPU s" machine load ok verification
printf '%s\n' "${rows[@]}"
[ ${#phases[@]} -eq 0 ] || { echo "where k3smigrate's wall time went (from its journal):"; printf '%s\n' "${phases[@]}"; }
echo
med() { printf '%s\n' ${1:-} | median; }
met() { awk -v a="$1" -v b="$2" 'BEGIN { print (a != "" && b != "" && a <= b) ? "MET" : "MISSED" }'; }
missed=0
goal() { echo "$1"; [[ $1 == *MISSED* ]] && missed=$((missed + 1)); return 0; }
batches=$(( (agents + parallel - 1) / parallel ))
echo "goals (medians):"
for d in $delays; do
  kw=$(med "${wall[k3smigrate.$d]:-}"); aw=$(med "${wall[ansible.$d]:-}"); pw=$(med "${wall[pyinfra.$d]:-}")
  kc=$(med "${cpu[k3smigrate.$d]:-}"); ac=$(med "${cpu[ansible.$d]:-}"); pc=$(med "${cpu[pyinfra.$d]:-}")
  bw=$(med "${wall[baseline.$d]:-}"); bc=$(med "${cpu[baseline.$d]:-}")
  [ -z "$bw" ] || echo "  delay $d s: baseline ${bw} s / ${bc} CPU s -> this build ${kw:-n/a} s / ${kc:-n/a} CPU s"
  floor=$((servers * d + batches * d))
  echo "  delay $d s: k3smigrate ${kw:-n/a} s / ${kc:-n/a} CPU s, ansible ${aw:-n/a} s / ${ac:-n/a} CPU s;" \
    "wall ratio $( [ -n "$kw" ] && ratio "$aw" "$kw" || echo n/a)x, CPU ratio $( [ -n "$kc" ] && ratio "$ac" "$kc" || echo n/a)x;" \
    "pyinfra ${pw:-n/a} s / ${pc:-n/a} CPU s: wall ratio $( [ -n "$kw" ] && [ -n "$pw" ] && ratio "$pw" "$kw" || echo n/a)x"
  [ -n "$kw" ] || continue
  if [ "$d" = 0 ]; then
    [ -z "$aw" ] || goal "    >= 10x faster than Ansible:          $(awk -v k="$kw" -v a="$aw" 'BEGIN { printf "%.2f s <= %.2f s", k, a / 10 }')  $(met "$kw" "$(awk -v a="$aw" 'BEGIN { print a / 10 }')")"
    [ -z "$pw" ] || goal "    >= 1.5x faster than pyinfra:         $(awk -v k="$kw" -v p="$pw" 'BEGIN { printf "%.2f s <= %.2f s", k, p / 1.5 }')  $(met "$kw" "$(awk -v p="$pw" 'BEGIN { print p / 1.5 }')")"
  fi
  [ -z "$ac" ] || goal "    <= 1/70 of Ansible's controller CPU:  $(awk -v k="$kc" -v a="$ac" 'BEGIN { printf "%.2f s <= %.3f s", k, a / 70 }')  $(met "$kc" "$(awk -v a="$ac" 'BEGIN { print a / 70 }')")"
  goal "    within 1 s of the ordering's minimum ($servers x $d + $batches x $d = $floor s): $kw s <= $((floor + 1)) s  $(met "$kw" "$((floor + 1))")"
done
[ "$failures" -eq 0 ] || { echo "bench: $failures run(s) failed or did not converge (logs kept in $WORK)" >&2; exit 1; }
[ "$have_apply" != no ] || exit 3
[ "$missed" -eq 0 ] || exit 2
