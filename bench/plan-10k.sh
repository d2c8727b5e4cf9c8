#!/usr/bin/env bash
# Benchmark: plan the wireguard-native migration of a synthetic 10,000-host fleet from a
# directory (release build). Prints wall time and peak memory of `k3smigrate plan`, next to a
# baseline measured in the same run: `cat` of every file the planner reads (the I/O floor).
# Goals (issue 2): under 0.3 s and 150 MiB.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
servers=${SERVERS:-5}; agents=${AGENTS:-9995}; runs=${RUNS:-5}
work=$(mktemp -d /tmp/k3smigrate-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 bench/make-fleet.py "$work" "$servers" "$agents"
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
plan=(); rss=(); floor=()
for _ in $(seq "$runs"); do
  read -r t m < <(measure "$bin" plan -i "$work/inventory.yaml" -p wireguard-native --from-dir "$work/nodes" --format json)
  plan+=("$t"); rss+=("$m")
  read -r t _ < <(measure sh -c "find '$work/nodes' -type f -exec cat {} + > /dev/null")
  floor+=("$t")
done
steps=$("$bin" plan -i "$work/inventory.yaml" -p wireguard-native --from-dir "$work/nodes" --format json | grep -c '"id":')
p=$(printf '%s\n' "${plan[@]}" | median); r=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1); f=$(printf '%s\n' "${floor[@]}" | median)
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "hosts: $((servers + agents)) ($servers servers), steps planned: $steps, runs: $runs"
echo "plan wall time (median): ${p} s   goal < 0.3 s   $(awk -v p="$p" 'BEGIN{print (p < 0.3) ? "MET" : "MISSED"}')"
echo "plan peak memory (max):  $((r / 1024)) MiB   goal < 150 MiB   $([ $((r / 1024)) -lt 150 ] && echo MET || echo MISSED)"
echo "baseline: cat of every fact file (median): ${f} s"
