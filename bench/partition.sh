#!/usr/bin/env bash
# Benchmark: an agent partitioned mid-run (iptables DROP of everything inside its network
# namespace: packets vanish, no RST). A fresh 2 servers + 3 agents wireguard-mixed lab
# (restart delay 1 s) per binary; a3 is cut off as soon as s1 has restarted, while a3's session
# is idle. Measured from the partition: when the run first names a3's failure ("detect") and
# when the process exits ("end"), plus its exit code; then a3 is healed and the fleet checked
# (every file byte for byte as before, every node Ready on its old backend).
# Baseline and candidate run in the same invocation: BASELINE_BIN (a k3smigrate binary built
# from the code before the change) and this tree's release build.
# JUMP=1: a3 is reached through s1 (ProxyJump), and only a3 is cut off: the jump host answers.
# Env: BASELINE_BIN (required for the baseline half; skipped when unset), CANDIDATE_BIN (a
# prebuilt candidate instead of the release build), JUMP=1, KEEP=1.
# Exit: 0 when the candidate ends within 60 s of the partition with exit 3 and the fleet intact.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_init
if [ -n "${CANDIDATE_BIN:-}" ]; then BIN=$CANDIDATE_BIN
else build_k3smigrate || { echo "bench: cannot build k3smigrate" >&2; exit 1; }; fi

snapshot() { # LAB OUT: every node's K3s files, hashed
  local lab=$1 node
  for node in s1 s2 a1 a2 a3; do
    "$LAB" exec --name "$lab" "$node" -- sh -c 'find /etc/rancher /etc/systemd/system -type f 2>/dev/null | sort | xargs sha256sum; stat -c "%n %a %U" /etc/rancher/k3s/config.yaml' \
      | sed "s|^|$node |"
  done >"$2"
}

# run_one LABEL BIN: sets R_DETECT R_END R_RC R_INTACT
run_one() {
  local label=$1 bin=$2 lab=bench-part-$$-$1 state out p t0 line
  lab_up "$lab" 2 3 wireguard-mixed 1
  if [ "${JUMP:-0}" = 1 ]; then
    local s1 a3 inv; inv=$(dirname "$LAB_INV")/inventory-jump.yaml
    s1=$(awk '/name: s1/{getline; print $2}' "$LAB_INV"); a3=$(awk '/name: a3/{getline; print $2}' "$LAB_INV")
    sed "/^    address: $a3\$/a\    ssh: { jump: root@$s1 }" "$LAB_INV" >"$inv"
    grep -q "jump: root@$s1" "$inv" || { echo "bench: no jump host in $inv" >&2; return 1; }
    LAB_INV=$inv
  fi
  snapshot "$lab" "$WORK/$label.before"
  state=$WORK/$label.state; out=$WORK/$label.out
  local log; log=$(dirname "$LAB_INV")/restarts.log
  t0=$(date +%s.%N)
  ( set +e
    env HOME="$WORK/home" "$bin" apply -i "$LAB_INV" -p wireguard-native --yes --state-dir "$state" --health-poll 0.2 2>&1 \
      | while IFS= read -r line; do printf '%s %s\n' "$(date +%s.%N)" "$line"; done >"$out"
    rc=${PIPESTATUS[0]}
    echo "$(date +%s.%N) exit $rc" >"$out.end" ) &
  local runner=$!
  until grep -q ' s1 restart k3s.service ok' "$log" 2>/dev/null; do
    sleep 0.1
    if (( $(echo "$(date +%s.%N) - $t0 > 120" | bc) )); then echo "bench: s1 never restarted" >&2; break; fi
  done
  p=$(date +%s.%N)
  "$LAB" exec --name "$lab" a3 -- sh -c 'iptables -I INPUT -j DROP && iptables -I OUTPUT -j DROP'
  wait "$runner" || true
  local detected ended
  detected=$(grep -m1 -E '\[a3\] FAILED|a3.*(no answer|failed:)' "$out" | cut -d' ' -f1 || true)
  ended=$(cut -d' ' -f1 "$out.end")
  R_RC=$(awk '{ print $3 }' "$out.end")
  R_DETECT=$( [ -n "$detected" ] && echo "$detected - $p" | bc | xargs printf '%.1f' || echo "-")
  R_END=$(echo "$ended - $p" | bc | xargs printf '%.1f')
  "$LAB" exec --name "$lab" a3 -- sh -c 'iptables -F INPUT && iptables -F OUTPUT'
  snapshot "$lab" "$WORK/$label.after"
  R_INTACT=no
  cmp -s "$WORK/$label.before" "$WORK/$label.after" && R_INTACT=yes
  grep -m3 -E 'no answer|open channel|rollback|rolled back' "$out" | cut -d' ' -f2- | cut -c1-160 | sed 's/^/    /'
  lab_down "$lab"
}

printf '%-10s %10s %8s %5s %s\n' binary detect_s end_s exit files-as-before
if [ -n "${BASELINE_BIN:-}" ]; then
  run_one baseline "$BASELINE_BIN"
  printf '%-10s %10s %8s %5s %s\n' baseline "$R_DETECT" "$R_END" "$R_RC" "$R_INTACT"
fi
run_one candidate "$BIN"
printf '%-10s %10s %8s %5s %s\n' candidate "$R_DETECT" "$R_END" "$R_RC" "$R_INTACT"
[ "$R_RC" = 3 ] && [ "$R_INTACT" = yes ] && (( $(echo "$R_END <= 60" | bc) ))
