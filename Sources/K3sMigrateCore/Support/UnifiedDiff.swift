/// A standard unified diff (`diff -u` layout) of two texts, for plans that people review.
public enum UnifiedDiff {
    /// `--- a/PATH` / `+++ b/PATH`, hunks with 3 lines of context, and
    /// `\ No newline at end of file` after a last line that lacks one. Empty when the texts are equal.
    public static func make(path: String, before: String, after: String) -> String {
        make(path: path, before: before, after: after, context: 3)
    }

    public static func make(path: String, before: String, after: String, context: Int) -> String {
        guard before != after else { return "" }
        let old = DiffLine.split(before)
        let new = DiffLine.split(after)
        let script = editScript(old.map(\.text), new.map(\.text), oldEnds: old.map(\.ended), newEnds: new.map(\.ended))
        // git's convention: `a/etc/rancher/k3s/config.yaml` for the absolute path /etc/rancher/...
        let shown = path.hasPrefix("/") ? String(path.dropFirst()) : path
        var out = "--- a/\(shown)\n+++ b/\(shown)\n"
        for hunk in hunks(script, context: context) {
            out += header(hunk, script: script)
            for index in hunk {
                let op = script[index]
                switch op.kind {
                case .same: out += " " + old[op.oldIndex!].text + "\n"
                    if !old[op.oldIndex!].ended { out += "\\ No newline at end of file\n" }
                case .delete: out += "-" + old[op.oldIndex!].text + "\n"
                    if !old[op.oldIndex!].ended { out += "\\ No newline at end of file\n" }
                case .insert: out += "+" + new[op.newIndex!].text + "\n"
                    if !new[op.newIndex!].ended { out += "\\ No newline at end of file\n" }
                }
            }
        }
        return out
    }

    struct DiffLine {
        var text: String
        var ended: Bool

        /// Lines without their `\n`; a `\r` before it stays part of the line, as `diff` shows it.
        static func split(_ text: String) -> [DiffLine] {
            guard !text.isEmpty else { return [] }
            var lines: [DiffLine] = []
            var current: [UInt8] = []
            for byte in text.utf8 {
                if byte == UInt8(ascii: "\n") {
                    lines.append(DiffLine(text: String(decoding: current, as: UTF8.self), ended: true))
                    current.removeAll(keepingCapacity: true)
                } else {
                    current.append(byte)
                }
            }
            if !current.isEmpty { lines.append(DiffLine(text: String(decoding: current, as: UTF8.self), ended: false)) }
            return lines
        }
    }

    struct Operation {
        enum Kind { case same, delete, insert }
        var kind: Kind
        var oldIndex: Int?
        var newIndex: Int?
    }

    /// Longest-common-subsequence edit script. A line that lost or gained its final newline
    /// counts as changed, as in `diff`.
    static func editScript(_ a: [String], _ b: [String], oldEnds: [Bool], newEnds: [Bool]) -> [Operation] {
        // Trim the common prefix and suffix first: config edits touch a line or two of small files.
        func equal(_ i: Int, _ j: Int) -> Bool { a[i] == b[j] && oldEnds[i] == newEnds[j] }
        var prefix = 0
        while prefix < a.count, prefix < b.count, equal(prefix, prefix) { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix,
              equal(a.count - 1 - suffix, b.count - 1 - suffix) { suffix += 1 }
        let n = a.count - prefix - suffix
        let m = b.count - prefix - suffix
        var table = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        if n > 0, m > 0 {
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    table[i][j] = equal(prefix + i, prefix + j)
                        ? table[i + 1][j + 1] + 1
                        : max(table[i + 1][j], table[i][j + 1])
                }
            }
        }
        var ops: [Operation] = (0..<prefix).map { Operation(kind: .same, oldIndex: $0, newIndex: $0) }
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, equal(prefix + i, prefix + j) {
                ops.append(Operation(kind: .same, oldIndex: prefix + i, newIndex: prefix + j))
                i += 1; j += 1
            } else if i < n, j == m || table[i + 1][j] >= table[i][j + 1] {
                ops.append(Operation(kind: .delete, oldIndex: prefix + i, newIndex: nil)); i += 1
            } else {
                ops.append(Operation(kind: .insert, oldIndex: nil, newIndex: prefix + j)); j += 1
            }
        }
        for k in 0..<suffix {
            ops.append(Operation(kind: .same, oldIndex: a.count - suffix + k, newIndex: b.count - suffix + k))
        }
        return ops
    }

    /// Index ranges of `script` to print: changes plus `context` lines around, merged when close.
    static func hunks(_ script: [Operation], context: Int) -> [ClosedRange<Int>] {
        var ranges: [ClosedRange<Int>] = []
        for (index, op) in script.enumerated() where op.kind != .same {
            let lower = max(0, index - context)
            let upper = min(script.count - 1, index + context)
            if let last = ranges.last, lower <= last.upperBound + 1 {
                ranges[ranges.count - 1] = last.lowerBound...max(last.upperBound, upper)
            } else {
                ranges.append(lower...upper)
            }
        }
        return ranges
    }

    static func header(_ hunk: ClosedRange<Int>, script: [Operation]) -> String {
        let ops = script[hunk]
        let oldCount = ops.filter { $0.kind != .insert }.count
        let newCount = ops.filter { $0.kind != .delete }.count
        // Start = 1-based line of the first line shown; for an empty side, the line before.
        let oldBefore = script[..<hunk.lowerBound].filter { $0.kind != .insert }.count
        let newBefore = script[..<hunk.lowerBound].filter { $0.kind != .delete }.count
        let oldStart = oldCount == 0 ? oldBefore : oldBefore + 1
        let newStart = newCount == 0 ? newBefore : newBefore + 1
        return "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@\n"
    }

    private static func range(_ start: Int, _ count: Int) -> String {
        count == 1 ? "\(start)" : "\(start),\(count)"
    }
}
