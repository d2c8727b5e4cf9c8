# Shared by bench/*-vs-ansible.sh (sourced): build, labs with guaranteed teardown, the Ansible
# venv, and measurement with /usr/bin/time. Needs root (the lab does).

BENCH_ROOT=/tmp/k3smigrate-bench
BENCH_VENV=$BENCH_ROOT/venv
LAB=Tests/lab/lab
BENCH_LABS=()

# Enters the repository, creates this run's dir ($WORK) and arms the teardown trap.
bench_init() {
  cd "$(dirname "${BASH_SOURCE[0]}")/.."
  source scripts/setup.sh
  mkdir -p "$BENCH_ROOT"
  WORK=$(mktemp -d "$BENCH_ROOT/run.XXXXXX")
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM HUP
}

bench_cleanup() {
  local name
  for name in "${BENCH_LABS[@]}"; do
    "$LAB" down --name "$name" >/dev/null 2>&1 || echo "bench: lab down --name $name failed" >&2
  done
  BENCH_LABS=()
  if [ "${KEEP:-0}" = 1 ]; then echo "bench: kept $WORK" >&2; else rm -rf "$WORK"; fi
}

# lab_up NAME SERVERS AGENTS SCENARIO [DELAY]: sets LAB_INV (inventory path). Registered for
# teardown before `up` starts, so an interrupted `up` is undone too.
lab_up() {
  local name=$1 servers=$2 agents=$3 scenario=$4 delay=${5:-0}
  BENCH_LABS+=("$name")
  LAB_INV=$("$LAB" up --name "$name" --servers "$servers" --agents "$agents" --scenario "$scenario" \
    --restart-delay "$delay" 2>"$WORK/lab-up-$name.log") || {
    echo "bench: lab up --name $name failed:" >&2; tail -5 "$WORK/lab-up-$name.log" >&2; return 1; }
}

lab_down() {
  local name=$1 kept=() n
  "$LAB" down --name "$name" >/dev/null
  for n in "${BENCH_LABS[@]}"; do [ "$n" = "$name" ] || kept+=("$n"); done
  BENCH_LABS=("${kept[@]}")
}

# Release build in our own scratch path; retries (others edit the tree while we build).
# Sets BIN. BUILD_TRIES (default 5) attempts, BUILD_RETRY_SECONDS (default 60) apart.
build_k3smigrate() {
  local try
  for try in $(seq "${BUILD_TRIES:-5}"); do
    if swift build -c release --product k3smigrate --scratch-path .build-bench >"$WORK/build.log" 2>&1; then
      BIN="$(swift build -c release --scratch-path .build-bench --show-bin-path)/k3smigrate"
      return 0
    fi
    echo "bench: build attempt $try failed: $(grep -m1 'error:' "$WORK/build.log")" >&2
    [ "$try" -lt "${BUILD_TRIES:-5}" ] && sleep "${BUILD_RETRY_SECONDS:-60}"
  done
  return 1
}

# The throwaway venv with ansible-core (created once, reused). Ansible's home, temp and
# control sockets, and $HOME of its processes, stay inside $WORK.
ensure_ansible() {
  if [ ! -x "$BENCH_VENV/bin/ansible-playbook" ]; then
    echo "bench: creating $BENCH_VENV with ansible-core" >&2
    /usr/bin/python3 -m venv "$BENCH_VENV"
    PIP_NO_CACHE_DIR=1 "$BENCH_VENV/bin/pip" install -q ansible-core >&2
  fi
  mkdir -p "$WORK/home" "$WORK/ansible/tmp"
  ANSIBLE_ENV=(env HOME="$WORK/home" ANSIBLE_CONFIG="$PWD/bench/ansible/ansible.cfg"
    ANSIBLE_HOME="$WORK/ansible" ANSIBLE_LOCAL_TEMP="$WORK/ansible/tmp"
    ANSIBLE_NOCOLOR=1 PYTHONDONTWRITEBYTECODE=1)
  ANSIBLE_VERSION=$("${ANSIBLE_ENV[@]}" "$BENCH_VENV/bin/ansible" --version | awk "NR == 1")
}

# The throwaway venv with pyinfra (created once, reused), beside Ansible's. Its home stays in $WORK.
PYINFRA_VENV=$BENCH_ROOT/pyinfra-venv
ensure_pyinfra() {
  if [ ! -x "$PYINFRA_VENV/bin/pyinfra" ]; then
    echo "bench: creating $PYINFRA_VENV with pyinfra" >&2
    /usr/bin/python3 -m venv "$PYINFRA_VENV"
    PIP_NO_CACHE_DIR=1 "$PYINFRA_VENV/bin/pip" install -q "pyinfra==${PYINFRA_PIN:-3.10.0}" >&2
  fi
  mkdir -p "$WORK/home"
  PYINFRA_ENV=(env HOME="$WORK/home" PYTHONDONTWRITEBYTECODE=1 NO_COLOR=1)
  PYINFRA_VERSION=$("${PYINFRA_ENV[@]}" "$PYINFRA_VENV/bin/pyinfra" --version 2>&1 | tail -1)
}

# ansible_inventory LAB_INV OUT
ansible_inventory() { /usr/bin/python3 -B bench/ansible/inventory.py "$1" "$2"; }

load1() { cut -d' ' -f1 /proc/loadavg; }
# CPU seconds the whole machine has been busy (all cores: user, nice, system, irq, softirq, steal).
busy_seconds() { awk -v hz="$(getconf CLK_TCK)" '/^cpu / { printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / hz; exit }' /proc/stat; }

# measure LOG CMD...: runs CMD (stdout+stderr to LOG) under /usr/bin/time; sets M_RC, M_WALL,
# M_RSS (KiB, largest single process), M_CPU (user+sys of CMD and every child it reaped),
# M_LOAD ("1-min load before/after"), M_MACHINE (CPU seconds the whole machine was busy meanwhile:
# the controller, the lab nodes' sshd and K3s emulator, and anyone else's builds).
measure() {
  local log=$1 before busy; shift
  before=$(load1); busy=$(busy_seconds)
  M_RC=0
  /usr/bin/time -f "%e %M %U %S" -o "$log.time" "$@" >"$log" 2>&1 || M_RC=$?
  M_MACHINE=$(awk -v a="$busy" -v b="$(busy_seconds)" 'BEGIN { printf "%.1f", b - a }')
  read -r M_WALL M_RSS M_USER M_SYS < <(tail -1 "$log.time")
  M_CPU=$(awk -v u="$M_USER" -v s="$M_SYS" 'BEGIN { printf "%.2f", u + s }')
  M_LOAD="$before/$(load1)"
}

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else if (NR) print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "inf" }'; }
