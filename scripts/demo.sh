#!/usr/bin/env bash
# The main job on a built-in default. As root: brings up a local lab fleet (3 servers on the legacy
# wireguard backend, set in three different places, plus 5 agents; namespaces running sshd and a K3s
# emulator), gathers facts over SSH, checks, plans and applies the migration to wireguard-native,
# verifies every node, and tears the lab down. Without root: plans inventory.example.yaml against
# the node files shipped in fixtures/example-nodes/.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh || exit 1
echo "building k3smigrate (release)..." >&2
swift build -c release --product k3smigrate >/tmp/k3smigrate-build.log 2>&1 || { tail -40 /tmp/k3smigrate-build.log; exit 1; }
bin="$(swift build -c release --show-bin-path)/k3smigrate"
run() { echo "+ k3smigrate $*" >&2; "$bin" "$@"; }

if [ "$(id -u)" -ne 0 ]; then
  echo "not root: planning the shipped fixtures instead of a lab fleet" >&2
  run check -i inventory.example.yaml --from-dir fixtures/example-nodes || exit 1
  run plan -i inventory.example.yaml -p wireguard-native --from-dir fixtures/example-nodes --detailed-exitcode
  status=$?
  [ "$status" -eq 2 ] && { echo "plan: changes pending (exit 2), as expected"; exit 0; }
  exit 1
fi

lab=Tests/lab/lab
name=demo
trap '$lab down --name $name >/dev/null 2>&1' EXIT
echo "+ lab up: 3 servers + 5 agents, scenario wireguard-mixed" >&2
inv=$($lab up --name $name --servers 3 --agents 5 --scenario wireguard-mixed --replace) || exit 1
facts=$(mktemp -d /tmp/k3smigrate-demo-facts.XXXXXX)
run facts -i "$inv" --save "$facts" || exit 1
run check -i "$inv" --from-dir "$facts"
run plan -i "$inv" -p wireguard-native --detailed-exitcode
[ $? -eq 2 ] || { echo "demo: expected pending changes" >&2; exit 1; }
if "$bin" help apply >/dev/null 2>&1; then
  state=$(mktemp -d /tmp/k3smigrate-demo-state.XXXXXX)
  run apply -i "$inv" -p wireguard-native --yes --state-dir "$state" || exit 1
  run plan -i "$inv" -p wireguard-native --detailed-exitcode || { echo "demo: fleet not converged" >&2; exit 1; }
  echo "+ restart order (lab log):" >&2
  $lab log --name $name | grep -E ' (restart|start) .* (ok|failed)' | tail -8
  $lab status --name $name
fi
rm -rf "$facts"
echo "demo: done"
