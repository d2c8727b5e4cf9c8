#!/usr/bin/env bash
# Installs what k3smigrate needs to build and test on Debian 12 (idempotent; root or sudo).
#   libssh2-1-dev                     the SSH transport (a requirement, not a choice)
#   libssl-dev                        libcrypto's headers: SHA-256 and HMAC-SHA1 (libssh2 links libcrypto)
#   openssh-server openssh-client     sshd for the lab fleet and integration tests
#   iproute2 iptables sudo python3-yaml  lab namespaces, firewall rules, become: sudo, K3s emulator
# Sourced by the other scripts: no `set -e` here, it would leak into them.
packages=(libssh2-1-dev libssl-dev pkg-config openssh-server openssh-client iproute2 iptables sudo python3 python3-yaml procps kmod)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  as_root=""
  [ "$(id -u)" -eq 0 ] || as_root="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $as_root apt-get update -qq || return 1
  DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || return 1
fi
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
  export PATH="/opt/swift/usr/bin:$PATH"
fi
command -v swift >/dev/null 2>&1 || { echo "setup: swift not found (expected Swift 6.3 at /opt/swift)" >&2; return 1; }
