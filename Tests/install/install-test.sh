#!/usr/bin/env bash
# Installs k3smigrate with scripts/install.sh into a temporary prefix and uses it the way an
# operator on a jump box would: from /, with no checkout, no Swift toolchain on the library path.
# Run by scripts/test.sh after the unit tests; prints "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
prefix=$(mktemp -d /tmp/k3smigrate-prefix.XXXXXX)
work=$(mktemp -d /tmp/k3smigrate-install-work.XXXXXX)
trap 'rm -rf "$prefix" "$work"' EXIT
passed=0 failed=0
check() {  # check NAME COMMAND...: one test
  local name=$1; shift
  if out=$("$@" 2>&1); then passed=$((passed + 1)); echo "ok   $name"
  else failed=$((failed + 1)); echo "FAIL $name"; echo "$out" | sed 's/^/     /' | head -20; fi
}

if ! PREFIX="$prefix" scripts/install.sh; then
  echo "FAIL scripts/install.sh"; echo "0 passed, 1 failed"; exit 1
fi
bin="$prefix/bin/k3smigrate"
# The fleet a reviewer would have: an inventory and the facts directory, copied out of the checkout.
cp inventory.example.yaml "$work/inventory.yaml"
cp -r fixtures/example-nodes "$work/nodes"
# No toolchain: PATH without /opt/swift, no LD_LIBRARY_PATH, run from / (the checkout is not found).
clean_env=(env -i PATH=/usr/bin:/bin HOME="$work" NO_COLOR=1)
run() { (cd / && "${clean_env[@]}" "$bin" "$@"); }

check "binary exists, is stripped and executable" bash -c "[ -x '$bin' ] && ! file '$bin' | grep -q 'not stripped'"
check "ldd: only libssh2, libcrypto, libz and C-library-level libraries" bash -c "
  ldd '$bin' | awk '{print \$1}' | grep -v -E '^(linux-vdso\\.so|/lib64/ld-linux|libssh2\\.so|libcrypto\\.so|libz\\.so|libc\\.so|libm\\.so|libpthread\\.so|libdl\\.so|librt\\.so|libutil\\.so|libgcc_s\\.so|libstdc\\+\\+\\.so)' | grep . && exit 1
  ! ldd '$bin' | grep -q -E '/opt/swift|not found|libswift|libFoundation|libicu'"
check "playbooks from / lists the compiled-in built-ins" bash -c "
  out=\$(cd / && ${clean_env[*]} '$bin' playbooks) && echo \"\$out\" | grep -q '^wireguard-native ' && [ \$(echo \"\$out\" | wc -l) -eq $(ls playbooks/*.yaml | wc -l) ]"
check "plan --from-dir from / with no checkout: exit 2, the order" bash -c "
  cd / && out=\$(${clean_env[*]} '$bin' plan -i '$work/inventory.yaml' -p wireguard-native --from-dir '$work/nodes' --detailed-exitcode); rc=\$?
  [ \$rc -eq 2 ] && echo \"\$out\" | grep -q 'servers, one at a time, each gated on health: s1 -> s2 -> s3'"
check "an unknown playbook name is exit 1 with a suggestion, no Usage line" bash -c "
  cd / && out=\$(${clean_env[*]} '$bin' plan -i '$work/inventory.yaml' -p wireguard-nativ --from-dir '$work/nodes' 2>&1); rc=\$?
  [ \$rc -eq 1 ] && echo \"\$out\" | grep -q \"did you mean 'wireguard-native'\" && ! echo \"\$out\" | grep -q Usage"
check "--version names the commit it was built from and the libssh2 it loaded" bash -c "
  run() { cd / && ${clean_env[*]} '$bin' --version; }; out=\$(run); echo \"\$out\" | grep -q 'commit $(git rev-parse --short=12 HEAD)' && echo \"\$out\" | grep -q 'libssh2 1\.'"
check "man page with ENVIRONMENT and FILES sections" bash -c "
  m='$prefix/share/man/man1/k3smigrate.1'; grep -q '^.Sh ENVIRONMENT' \$m && grep -q '^.Sh FILES' \$m && grep -q 'K3SMIGRATE_KEY_PASSPHRASE' \$m && grep -q '^.Sh NAME' \$m"
if command -v man >/dev/null 2>&1; then
  check "man renders the page" bash -c "MANWIDTH=100 man -l '$prefix/share/man/man1/k3smigrate.1' 2>/dev/null | grep -q ENVIRONMENT"
fi
check "bash completion" bash -c "grep -q 'plan' '$prefix/share/bash-completion/completions/k3smigrate' && bash -n '$prefix/share/bash-completion/completions/k3smigrate'"
check "zsh completion" bash -c "grep -q '#compdef k3smigrate' '$prefix/share/zsh/site-functions/_k3smigrate'"
check "fish completion" bash -c "grep -q \"^complete -c 'k3smigrate'\" '$prefix/share/fish/vendor_completions.d/k3smigrate.fish'"
echo "install: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
