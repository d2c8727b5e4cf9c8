#!/usr/bin/env bash
# Builds k3smigrate as one release binary (Swift runtime linked statically, stripped) and installs
#   PREFIX/bin/k3smigrate
#   PREFIX/share/man/man1/k3smigrate.1              (argument-parser's generate-manual, plus
#                                                    ENVIRONMENT and FILES from scripts/man/)
#   PREFIX/share/bash-completion/completions/k3smigrate
#   PREFIX/share/zsh/site-functions/_k3smigrate
#   PREFIX/share/fish/vendor_completions.d/k3smigrate.fish
# Usage: scripts/install.sh            (PREFIX=/usr/local)
#        PREFIX=$HOME/.local scripts/install.sh
# The binary needs only libssh2, libcrypto, libz and the C library at run time: copy it to a jump
# box or CI runner with `apt-get install libssh2-1` and nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh || exit 1
set -euo pipefail
prefix="${PREFIX:-/usr/local}"
log=$(mktemp /tmp/k3smigrate-install.XXXXXX.log)

echo "install: building a static release binary (log: $log)" >&2
# --version names the commit: a C define, so that no checked-in file changes.
commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
[ "$commit" != unknown ] && [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] && commit="$commit-dirty"
swift build -c release --static-swift-stdlib --product k3smigrate -Xcc "-DK3SMIGRATE_BUILD_COMMIT=\"$commit\"" >"$log" 2>&1 \
  || { tail -40 "$log" >&2; exit 1; }
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)/k3smigrate"

echo "install: generating the man page" >&2
# generate-manual runs the tool's --experimental-dump-help; the debug build is enough for that
# (it is what `swift build` made already, so usually nothing is rebuilt).
rm -rf .build/plugins/GenerateManual/outputs
swift package plugin generate-manual --configuration debug >>"$log" 2>&1 || { tail -40 "$log" >&2; exit 1; }
manual=$(find .build/plugins/GenerateManual/outputs -name k3smigrate.1 -print -quit 2>/dev/null)
[ -n "$manual" ] || { echo "install: generate-manual wrote no k3smigrate.1" >&2; exit 1; }

install -d "$prefix/bin" "$prefix/share/man/man1" "$prefix/share/bash-completion/completions" \
  "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d"
install -m 0755 "$bin" "$prefix/bin/k3smigrate"
strip "$prefix/bin/k3smigrate"
# ENVIRONMENT and FILES go where mdoc puts them: before EXIT STATUS / SEE ALSO / AUTHORS.
awk -v extra=scripts/man/sections.mdoc '
  !done && /^\.Sh "?(EXIT STATUS|SEE ALSO|AUTHORS)/ { while ((getline line < extra) > 0) print line; done = 1 }
  { print }
  END { if (!done) while ((getline line < extra) > 0) print line }
' "$manual" >"$prefix/share/man/man1/k3smigrate.1"
chmod 0644 "$prefix/share/man/man1/k3smigrate.1"
"$prefix/bin/k3smigrate" --generate-completion-script bash >"$prefix/share/bash-completion/completions/k3smigrate"
"$prefix/bin/k3smigrate" --generate-completion-script zsh >"$prefix/share/zsh/site-functions/_k3smigrate"
"$prefix/bin/k3smigrate" --generate-completion-script fish >"$prefix/share/fish/vendor_completions.d/k3smigrate.fish"
rm -f "$log"
echo "installed $prefix/bin/k3smigrate ($(du -h "$prefix/bin/k3smigrate" | cut -f1)), man page and bash/zsh/fish completions" >&2
