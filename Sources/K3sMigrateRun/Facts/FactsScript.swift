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
            .then(ShellCommand(words: ["env_keep", EnvironmentFileReader.secretMarker] + K3sFlagCatalog.gatheredVariables))
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
        return finish(script, externalIP: externalIP, firewall: firewall)
    }

    /// The config file (and its drop-ins) at paths K3S_CONFIG_FILE or `--config` chose, read in a
    /// second command once the first showed them.
    static func command(paths: [FactPath]) -> ShellCommand {
        var script = ShellCommand.literal(prelude)
            .then(ShellCommand(words: ["env_keep", EnvironmentFileReader.secretMarker] + K3sFlagCatalog.gatheredVariables))
        for factPath in paths {
            switch factPath {
            case .file(let path):
                script = script.then(ShellCommand("emit_file", path))
            case .directory(let directory, let patterns):
                script = script.then(ShellCommand(words: ["emit_dir", directory] + patterns))
            }
        }
        return script.then(.literal("printf '@@done\\n'"))
    }

    private static func finish(_ start: ShellCommand, externalIP: ExternalIPSource?, firewall: Bool) -> ShellCommand {
        var script = start
        if firewall {
            for (tool, key) in firewallTools { script = script.then(ShellCommand("emit_fw", tool, key)) }
        }
        if case .command(let probe) = externalIP {
            script = script.then(ShellCommand("emit_probe", "external-ip", String(probeTimeoutSeconds), probe))
        }
        return script.then(ShellCommand("emit_nodes", String(probeTimeoutSeconds))).then(.literal("printf '@@done\\n'"))
    }

    private static let prelude: StaticString = #"""
    PATH="$PATH:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"; export PATH
    LC_ALL=C; export LC_ALL
    b64line() { base64 | tr -d '\n'; }
    sec() { printf '@@section %s\n' "$1"; }
    env_marker=; env_vars=' '
    env_keep() { env_marker=$1; shift; env_vars=" $* "; }
    # An env file line by line: a variable of env_vars as written; any other assignment as
    # NAME=marker (its value never leaves the host); comments and other lines empty.
    env_lines() {
      while IFS= read -r line || [ -n "$line" ]; do
        t=$line
        while :; do case $t in [[:blank:]]*) t=${t#?};; *) break;; esac; done
        case $t in 'export '*) t=${t#export }; while :; do case $t in [[:blank:]]*) t=${t#?};; *) break;; esac; done;; esac
        case $t in *=*) ;; *) echo; continue;; esac
        n=${t%%=*}
        case $n in ''|[0-9]*|*[!A-Za-z0-9_]*) echo; continue;; esac
        case $env_vars in *" $n "*) printf '%s\n' "$line";; *) printf '%s=%s\n' "$n" "$env_marker";; esac
      done
    }
    emit_file() {
      [ -f "$1" ] || return 0
      p=$(printf %s "$1" | b64line)
      if [ ! -r "$1" ]; then printf '@@unreadable %s\n' "$p"; return 0; fi
      m=$(stat -L -c '%a:%U:%G' "$1" 2>/dev/null)
      l=-
      if [ -L "$1" ]; then l=$(readlink -f "$1" | tr -d '\n' | b64line); fi
      printf '@@file %s %s %s\n' "$p" "${m:--}" "${l:--}"
      case "$1" in
        *.env) env_lines < "$1" | base64;;
        *) base64 < "$1";;
      esac
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
    # On a server (it has K3s's admin kubeconfig): each node the cluster lists, with the flannel
    # backend it runs (its flannel.alpha.coreos.com/backend-type annotation), one per line.
    emit_nodes() {
      [ -r /etc/rancher/k3s/k3s.yaml ] && command -v k3s >/dev/null 2>&1 || return 0
      sec "probe cluster-nodes"
      t='{range .items[*]}{.metadata.name}{"\t"}{.metadata.annotations.flannel\.alpha\.coreos\.com/backend-type}{"\n"}{end}'
      if command -v timeout >/dev/null 2>&1; then
        timeout "$1" k3s kubectl get nodes -o "jsonpath=$t" </dev/null 2>/dev/null | base64
      else
        k3s kubectl get nodes -o "jsonpath=$t" </dev/null 2>/dev/null | base64
      fi
    }
    printf '@@k3smigrate-facts 1\n'
    sec k3s-version; k3s --version 2>/dev/null | base64
    sec 'probe swanctl'; if command -v swanctl >/dev/null 2>&1; then echo yes; else echo no; fi | base64
    sec links; { ip -o link show 2>/dev/null || ip link show 2>/dev/null; } | base64
    sec addrs; { ip -o addr show scope global 2>/dev/null || ip addr show scope global 2>/dev/null; } | base64
    """#
}
