#!/usr/bin/env bash
# Runs every test: unit tests and the integration tests over real SSH against the lab fleet.
# Installs what it needs first (scripts/setup.sh). Integration tests need root (network namespaces);
# as root they are required (K3SMIGRATE_REQUIRE_LAB=1): a missing tool fails them instead of skipping.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh || exit 1
if [ -z "${K3SMIGRATE_REQUIRE_LAB:-}" ] && [ "$(id -u)" -eq 0 ]; then export K3SMIGRATE_REQUIRE_LAB=1; fi
echo "lab emulator unit tests (python):"
PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 -m unittest discover -s Tests/lab/tests -q || exit 1
log=$(mktemp -d)/build.log
if ! swift build --build-tests >"$log" 2>&1; then
  grep -E "error:|warning: unre" "$log" | head -40 || tail -40 "$log"
  echo "build failed (full log: $log)" >&2
  exit 1
fi
swift test --skip-build "$@" || exit 1
