#!/usr/bin/env bash
# Benchmark: plan the wireguard-native migration of a fleet of 1,000 small clusters x 3 hosts
# (1 server + 2 agents each, inventories in one directory, native and k3s-ansible in turn,
# facts from DIR/<cluster>/<host>/) with `plan -i DIR --from-dir`. Release build. Printed beside
# two baselines measured in the same run: the single-cluster plan of the same number of hosts
# (one 3,000-host inventory, bench/make-fleet.py) and `cat` of every file the fleet plan reads.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
clusters=${CLUSTERS:-1000}; servers=${SERVERS:-1}; agents=${AGENTS:-2}; runs=${RUNS:-5}
hosts=$((clusters * (servers + agents)))
work=$(mktemp -d /tmp/k3smigrate-bench-fleet.XXXXXX)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 bench/make-fleet-of-clusters.py "$work/fleet" "$clusters" "$servers" "$agents"
/usr/bin/python3 bench/make-fleet.py "$work/single" 3 $((hosts - 3))
if [ -n "${K3SMIGRATE_BIN:-}" ]; then
  bin=$K3SMIGRATE_BIN
else
  swift build -c release --product k3smigrate >/dev/null 2>&1
  bin="$(swift build -c release --show-bin-path)/k3smigrate"
fi
measure() { # prints "seconds max_rss_kib" of the command
  /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
fleet=(); rss=(); single=(); floor=()
for _ in $(seq "$runs"); do
  read -r t m < <(measure "$bin" plan -i "$work/fleet/inventories" -p wireguard-native --from-dir "$work/fleet/nodes" --format json)
  fleet+=("$t"); rss+=("$m")
  read -r t _ < <(measure "$bin" plan -i "$work/single/inventory.yaml" -p wireguard-native --from-dir "$work/single/nodes" --format json)
  single+=("$t")
  read -r t _ < <(measure sh -c "find '$work/fleet' -type f -exec cat {} + > /dev/null")
  floor+=("$t")
done
doc=$("$bin" plan -i "$work/fleet/inventories" -p wireguard-native --from-dir "$work/fleet/nodes" --format json)
steps=$(grep -c '"id":' <<<"$doc")
changed=$(awk -F': ' '/"clustersWithChanges"/ && !n++ {gsub(",","",$2); print $2}' <<<"$doc")
f=$(printf '%s\n' "${fleet[@]}" | median); r=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)
s=$(printf '%s\n' "${single[@]}" | median); c=$(printf '%s\n' "${floor[@]}" | median)
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)   cores: $(nproc)"
echo "fleet: $clusters clusters x $((servers + agents)) hosts = $hosts hosts; clusters with changes: $changed; steps planned: $steps; runs: $runs"
echo "fleet plan wall time (median):             ${f} s   (peak memory $((r / 1024)) MiB)"
echo "baseline: one cluster of $hosts hosts (median): ${s} s"
echo "baseline: cat of every fleet file (median): ${c} s"
