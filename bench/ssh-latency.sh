#!/usr/bin/env bash
# Latency of one command on an open SSH session: k3smigrate's SSHHost against a bare C libssh2
# loop (the floor), both against the same throwaway sshd on 127.0.0.1.
# Needs root, /usr/sbin/sshd, ssh-keygen, cc and libssh2-1-dev. Usage: bench/ssh-latency.sh [RUNS]
set -euo pipefail
runs=${1:-200}
repo=$(cd "$(dirname "$0")/.." && pwd)
scratch=${SCRATCH_PATH:-$repo/.build-bench}
dir=$(mktemp -d /tmp/k3smigrate-bench.XXXXXX)
sshd_pid=""
cleanup() {
    if [ -n "$sshd_pid" ]; then kill "$sshd_pid" 2>/dev/null || true; wait "$sshd_pid" 2>/dev/null || true; fi
    rm -rf "$dir"
}
trap cleanup EXIT

mkdir -p /run/sshd "$dir/home"
ssh-keygen -q -t ed25519 -N '' -f "$dir/host_ed25519"
ssh-keygen -q -t ed25519 -N '' -f "$dir/id_ed25519"
cp "$dir/id_ed25519.pub" "$dir/authorized_keys"
port=""
for _ in $(seq 50); do
    candidate=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "no free port" >&2; exit 1; }
cat > "$dir/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $dir/host_ed25519
AuthorizedKeysFile $dir/authorized_keys
PidFile $dir/sshd.pid
StrictModes no
UsePAM no
PermitRootLogin prohibit-password
PasswordAuthentication no
MaxStartups 100:30:200
CONF
# A private, empty /root for sshd's sessions, so the machine's ~/.bashrc is not measured.
if unshare --mount --propagation private true 2>/dev/null; then
    unshare --mount --propagation private /bin/sh -c 'mount --bind "$0" /root && exec "$@"' \
        "$dir/home" /usr/sbin/sshd -D -f "$dir/sshd_config" 2>"$dir/sshd.log" &
else
    /usr/sbin/sshd -D -f "$dir/sshd_config" 2>"$dir/sshd.log" &
fi
sshd_pid=$!
for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
    sleep 0.05
done
echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$dir/host_ed25519.pub")" > "$dir/known_hosts"

echo "building (release)..." >&2
swift build -c release --product k3smigrate-bench-ssh --scratch-path "$scratch" --package-path "$repo" >&2
cc -O2 -o "$dir/ssh-floor" "$repo/bench/ssh-floor.c" -lssh2

echo "runs=$runs, sshd on 127.0.0.1:$port, $(nproc) cores"
"$dir/ssh-floor" 127.0.0.1 "$port" root "$dir/id_ed25519" "$runs" true
"$dir/ssh-floor" 127.0.0.1 "$port" root "$dir/id_ed25519" "$runs" "exec sh -c true"
"$dir/ssh-floor" 127.0.0.1 "$port" root "$dir/id_ed25519" "$runs" "exec timeout 30 sh -c true"
"$scratch/release/k3smigrate-bench-ssh" 127.0.0.1 "$port" root "$dir/id_ed25519" "$dir/known_hosts" "$runs"
