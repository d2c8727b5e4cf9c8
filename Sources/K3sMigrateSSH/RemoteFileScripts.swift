import K3sMigrateCore

/// The shell commands behind `readFile` / `writeFile`. They take the path and other values as
/// positional parameters or quoted words, and use only POSIX sh plus coreutils/busybox tools.
enum RemoteFileScripts {
    /// Exit status of the read command when the file does not exist.
    static let missingStatus: Int32 = 44

    /// Prints `mode owner group`, the resolved path, then the content.
    static func read(_ path: String) -> ShellCommand {
        ShellCommand("test", "-e", path).or(.literal("exit 44")).then(
            ShellCommand("stat", "-L", "-c", "%a %U %G", "--", path)
                .and(ShellCommand("readlink", "-f", "--", path))
                .and(ShellCommand("cat", "--", path)))
    }

    static func parseRead(_ output: [UInt8], path: String) -> FileFact? {
        guard let firstBreak = output.firstIndex(of: 0x0A),
              let secondBreak = output[(firstBreak + 1)...].firstIndex(of: 0x0A) else { return nil }
        let header = String(decoding: output[..<firstBreak], as: UTF8.self).split(separator: " ")
        guard header.count == 3, let mode = UInt32(header[0], radix: 8) else { return nil }
        let resolved = String(decoding: output[(firstBreak + 1)..<secondBreak], as: UTF8.self)
        return FileFact(path: path, content: Array(output[(secondBreak + 1)...]), mode: mode,
                        owner: String(header[1]), group: String(header[2]),
                        symlinkTarget: resolved == path || resolved.isEmpty ? nil : resolved)
    }

    /// Writes stdin to a temp file next to the (symlink-resolved) target, checks its size,
    /// gives it the target's owner/group/mode (or the given ones), fsyncs, and renames it over
    /// the target. A new file without a given mode stays 0600 (mktemp's mode).
    static func write(_ path: String, size: Int, mode: UInt32?, owner: String?, group: String?) -> ShellCommand {
        ShellCommand(words: ["sh", "-c", writeScript, "k3smigrate-write", path, mode.map { String($0, radix: 8) } ?? "",
                             owner ?? "", group ?? "", String(size)])
    }

    private static let writeScript = """
    set -e
    p=$1 mode=$2 owner=$3 group=$4 size=$5
    if [ -e "$p" ] || [ -L "$p" ]; then t=$(readlink -f -- "$p"); else t=$p; fi
    [ -n "$t" ] || t=$p
    d=$(dirname -- "$t")
    b=$(basename -- "$t")
    # A write cut short by a reboot left its temp file (the trap never ran): remove those first.
    # Only plain files of exactly that name shape; the host lock keeps other writers away.
    for o in "$d/.$b.k3smigrate."??????; do
      if [ -f "$o" ] && [ ! -L "$o" ]; then rm -f -- "$o"; fi
    done
    tmp=$(mktemp "$d/.$b.k3smigrate.XXXXXX")
    trap 'rm -f -- "$tmp"' EXIT
    cat > "$tmp"
    n=$(wc -c < "$tmp" | tr -d ' ')
    if [ "$n" != "$size" ]; then echo "wrote $n of $size bytes" >&2; exit 1; fi
    if [ -e "$t" ]; then
      [ -n "$mode" ] || mode=$(stat -c %a -- "$t")
      [ -n "$owner" ] || owner=$(stat -c %u -- "$t")
      [ -n "$group" ] || group=$(stat -c %g -- "$t")
    fi
    if [ -n "$owner" ]; then chown -- "$owner${group:+:$group}" "$tmp"; elif [ -n "$group" ]; then chgrp -- "$group" "$tmp"; fi
    [ -z "$mode" ] || chmod -- "$mode" "$tmp"
    sync -- "$tmp" 2>/dev/null || sync
    mv -f -- "$tmp" "$t"
    trap - EXIT
    sync -- "$d" 2>/dev/null || true
    """
}
