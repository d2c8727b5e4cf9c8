#!/usr/bin/env bash
# Benchmark: the wireguard-native migration of a fleet of CLUSTERS small lab clusters (1 server
# + 1 agent each, wireguard-mixed, restart delay DELAY s) by `k3smigrate apply -i DIR
# --clusters-parallel CLUSTERS`, beside a baseline from the same run: the same fleet applied one
# cluster at a time (`--clusters-parallel 1`). Between the two, every cluster run is rolled
# back (`k3smigrate rollback`, not timed), so both start from the same state. Convergence: every
# cluster's `plan --detailed-exitcode` exits 0 after each apply. Needs root (the lab does).
# Env: CLUSTERS (10), DELAY (1), K3SMIGRATE_BIN (a release binary to use instead of building), KEEP=1.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_init
clusters=${CLUSTERS:-10}; delay=${DELAY:-1}
if [ -n "${K3SMIGRATE_BIN:-}" ]; then BIN=$K3SMIGRATE_BIN; else
  build_k3smigrate || { echo "bench: cannot build k3smigrate" >&2; exit 1; }
fi
K3SM=(env HOME="$WORK/home" "$BIN")
fleet="$WORK/fleet"; state="$WORK/state"
mkdir -p "$fleet"
for i in $(seq "$clusters"); do
  lab_up "bfleet$$-$i" 1 1 wireguard-mixed "$delay"
  sed "s/^cluster: .*/cluster: store-$i/" "$LAB_INV" >"$fleet/store-$i.yaml"
done
converged() {
  local f
  for f in "$fleet"/*.yaml; do
    "${K3SM[@]}" plan -i "$f" -p wireguard-native --detailed-exitcode >/dev/null 2>&1 || return 1
  done
}
rollback_all() { # rolls back every cluster run of fleet run $1
  local run file
  "${K3SM[@]}" runs --state-dir "$state" | awk -v f="$1" 'index($1, f "-c") == 1 { print $1, $3 }' |
    while read -r run cluster; do
      "${K3SM[@]}" rollback -i "$fleet/$cluster.yaml" "$run" --state-dir "$state" >/dev/null 2>&1
    done
}
fleet_run() { "${K3SM[@]}" runs --state-dir "$state" | awk '/ fleet / { id = $1 } END { print id }'; }

measure "$WORK/parallel.log" "${K3SM[@]}" apply -i "$fleet" -p wireguard-native --yes --state-dir "$state" \
  --clusters-parallel "$clusters" --health-poll 0.2
p_wall=$M_WALL p_cpu=$M_CPU p_rc=$M_RC p_load=$M_LOAD p_rss=$M_RSS
p_ok=no; converged && p_ok=yes
rollback_all "$(fleet_run)"
measure "$WORK/serial.log" "${K3SM[@]}" apply -i "$fleet" -p wireguard-native --yes --state-dir "$state" \
  --clusters-parallel 1 --health-poll 0.2
s_wall=$M_WALL s_cpu=$M_CPU s_rc=$M_RC s_load=$M_LOAD
s_ok=no; converged && s_ok=yes
echo "fleet: $clusters clusters x (1 server + 1 agent), restart delay ${delay}s, cores: $(nproc)"
echo "apply --clusters-parallel $clusters: ${p_wall} s wall, ${p_cpu} s controller CPU, $((p_rss / 1024)) MiB, exit $p_rc, converged $p_ok (load $p_load)"
echo "baseline --clusters-parallel 1:  ${s_wall} s wall, ${s_cpu} s controller CPU, exit $s_rc, converged $s_ok (load $s_load)"
echo "speed-up: $(ratio "$s_wall" "$p_wall")x"
