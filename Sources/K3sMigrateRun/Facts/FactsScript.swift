import K3sMigrateCore

/// The one remote command that gathers a host's facts, read-only, in a framed format that
/// `FactsScriptOutput` parses. Every payload is base64 so that no byte of a file or of a command's
/// output can be mistaken for a frame line (`@@...`; `@` is not in the base64 alphabet).
///
/// Frames: `@@k3smigrate-facts 1` first; `@@section NAME` + payload; `@@file PATH MODE:OWNER:GROUP
/// LINK` + content (PATH and LINK base64 on one line, `-` when absent); `@@unreadable PATH`;
/// `@@done` last. Runtime values (paths, patterns, the probe command) only reach the shell as
/// quoted words passed to the functions defined here.
enum FactsScript {
    static let marker = "@@k3smigrate-facts 1"
    static let done = "@@done"
    /// Limit on the inventory's external-IP probe command, so one hung probe can't stall gathering.
    static let probeTimeoutSeconds = 20

    /// Firewall dump tools and the key each dump is stored under in `HostFacts.firewallDumps`.
    static let firewallTools = [
        ("iptables-save", "iptables"), ("ip6tables-save", "ip6tables"),
        ("iptables-legacy-save", "iptables-legacy"), ("ip6tables-legacy-save", "ip6tables-legacy"),
    ]

    static func command(externalIP: ExternalIPSource?, firewall: Bool) -> ShellCommand {
        var script = ShellCommand.literal(prelude)
            .then(ShellCommand(words: ["emit_modules"] + FactPaths.kernelModules))
            .then(ShellCommand(words: ["emit_sysctls"] + FactPaths.sysctls))
        for factPath in FactPaths.all {
            switch factPath {
            case .file(let path):
                script = script.then(ShellCommand("emit_file", path))
            case .directory(let directory, let patterns):
                script = script.then(ShellCommand(words: ["emit_dir", directory] + patterns))
            }
        }
        if firewall {
            for (tool, key) in firewallTools { script = script.then(ShellCommand("emit_fw", tool, key)) }
        }
        if case .command(let probe) = externalIP {
            script = script.then(ShellCommand("emit_probe", "external-ip", String(probeTimeoutSeconds), probe))
        }
        return script.then(.literal("printf '@@done\\n'"))
    }

    private static let prelude: StaticString = #"""
    PATH="$PATH:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"; export PATH
    LC_ALL=C; export LC_ALL
    b64line() { base64 | tr -d '\n'; }
    sec() { printf '@@section %s\n' "$1"; }
    emit_file() {
      [ -f "$1" ] || return 0
      case "$1" in *.env) return 0;; esac
      p=$(printf %s "$1" | b64line)
      if [ ! -r "$1" ]; then printf '@@unreadable %s\n' "$p"; return 0; fi
      m=$(stat -L -c '%a:%U:%G' "$1" 2>/dev/null)
      l=-
      if [ -L "$1" ]; then l=$(readlink -f "$1" | tr -d '\n' | b64line); fi
      printf '@@file %s %s %s\n' "$p" "${m:--}" "${l:--}"
      base64 < "$1"
    }
    emit_dir() {
      d=$1; shift
      for f in "$d"/* "$d"/.[!.]*; do
        [ -f "$f" ] || continue
        n=${f##*/}
        for q in "$@"; do
          case $n in $q) emit_file "$f"; break;; esac
        done
      done
    }
    emit_modules() {
      sec modules
      for m in "$@"; do
        if [ -d "/sys/module/$m" ] || modprobe -n -q "$m" 2>/dev/null; then echo "$m yes"; else echo "$m no"; fi
      done | base64
    }
    emit_sysctls() {
      sec sysctl
      for k in "$@"; do
        f=/proc/sys/$(printf %s "$k" | tr . /)
        if [ -r "$f" ]; then printf '%s=%s\n' "$k" "$(cat "$f")"; fi
      done | base64
    }
    emit_fw() {
      command -v "$1" >/dev/null 2>&1 || return 0
      sec "firewall $2"
      "$1" 2>/dev/null | base64
    }
    emit_probe() {
      sec "probe $1"
      if command -v timeout >/dev/null 2>&1; then
        timeout "$2" sh -c "$3" </dev/null 2>/dev/null | head -n 1 | base64
      else
        sh -c "$3" </dev/null 2>/dev/null | head -n 1 | base64
      fi
    }
    printf '@@k3smigrate-facts 1\n'
    sec k3s-version; k3s --version 2>/dev/null | base64
    sec links; { ip -o link show 2>/dev/null || ip link show 2>/dev/null; } | base64
    sec addrs; { ip -o addr show scope global 2>/dev/null || ip addr show scope global 2>/dev/null; } | base64
    """#
}
