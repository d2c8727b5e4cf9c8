#!/usr/bin/env bash
# The main job on a built-in default: checks, then plans the wireguard/ipsec -> wireguard-native
# migration of inventory.example.yaml against the node files shipped in fixtures/example-nodes/.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh || exit 1
swift build -c release --product k3smigrate >/tmp/k3smigrate-build.log 2>&1 || { tail -40 /tmp/k3smigrate-build.log; exit 1; }
bin="$(swift build -c release --show-bin-path)/k3smigrate"
run() { echo "+ k3smigrate $*" >&2; "$bin" "$@"; }
run check -i inventory.example.yaml --from-dir fixtures/example-nodes
run plan -i inventory.example.yaml -p wireguard-native --from-dir fixtures/example-nodes --detailed-exitcode
status=$?
echo "plan exit code: $status (2: changes pending, as expected for this fleet)"
[ "$status" -eq 2 ]
