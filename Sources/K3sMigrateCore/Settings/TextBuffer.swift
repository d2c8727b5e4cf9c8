/// A file's text as Unicode scalars with line boundaries, so that edits address exact columns
/// (libyaml counts columns in scalars) and keep every other byte, line endings included.
struct TextBuffer: Sendable, Hashable {
    private(set) var scalars: [Unicode.Scalar]
    /// Offset of the first scalar of each line (0-based lines).
    private(set) var lineStarts: [Int]
    /// Offset just past each line's content, before its line break.
    private var contentEnds: [Int]

    /// Lines end at `\n` or `\r\n`. With `yamlLineBreaks`, also where libyaml ends them (a lone
    /// `\r`, U+0085, U+2028, U+2029), so that line numbers match the marks Yams reports.
    init(_ text: String, yamlLineBreaks: Bool = false) {
        scalars = Array(text.unicodeScalars)
        lineStarts = []
        contentEnds = []
        var index = 0
        var start = 0
        while index < scalars.count {
            let c = scalars[index]
            var breakLength = 0
            if c == "\n" {
                breakLength = 1
            } else if c == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" {
                breakLength = 2
            } else if yamlLineBreaks, c == "\r" || c == "\u{85}" || c == "\u{2028}" || c == "\u{2029}" {
                breakLength = 1
            }
            if breakLength > 0 {
                lineStarts.append(start)
                contentEnds.append(index)
                index += breakLength
                start = index
            } else {
                index += 1
            }
        }
        if start < scalars.count {
            lineStarts.append(start)
            contentEnds.append(scalars.count)
        }
    }

    var text: String { Self.string(scalars) }

    var lineCount: Int { lineStarts.count }
    var isEmpty: Bool { scalars.isEmpty }
    var endsWithNewline: Bool { lineCount > 0 && !ending(lineCount - 1).isEmpty }

    /// Offset just past the line's content (before its line break).
    func contentEnd(_ line: Int) -> Int { contentEnds[line] }

    /// Offset just past the line including its ending.
    func lineEnd(_ line: Int) -> Int { line + 1 < lineStarts.count ? lineStarts[line + 1] : scalars.count }

    /// The line's content without its ending.
    func content(_ line: Int) -> [Unicode.Scalar] { Array(scalars[lineStarts[line]..<contentEnd(line)]) }

    func contentString(_ line: Int) -> String { Self.string(scalars[lineStarts[line]..<contentEnd(line)]) }

    /// The line's ending: `\n`, `\r\n`, or "" for a last line without one.
    func ending(_ line: Int) -> String { Self.string(scalars[contentEnd(line)..<lineEnd(line)]) }

    /// The line break most lines end with (`\n` when none does or on a tie).
    var preferredEnding: String {
        var counts: [String: Int] = [:]
        for line in 0..<lineCount where contentEnd(line) < lineEnd(line) { counts[ending(line), default: 0] += 1 }
        return counts.max { ($0.value, $0.key == "\n" ? 1 : 0) < ($1.value, $1.key == "\n" ? 1 : 0) }?.key ?? "\n"
    }

    /// Offset of a 0-based column on a 0-based line.
    func offset(line: Int, column: Int) -> Int { lineStarts[line] + column }

    /// The line holding `offset`.
    func line(containing offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    func isBlankOrComment(_ line: Int) -> Bool {
        let first = firstNonBlank(line)
        return first == contentEnd(line) || scalars[first] == "#"
    }

    /// Offset of the line's first character that is not a space or tab (its content end if none).
    func firstNonBlank(_ line: Int) -> Int {
        var offset = lineStarts[line]
        let end = contentEnd(line)
        while offset < end, scalars[offset] == " " || scalars[offset] == "\t" { offset += 1 }
        return offset
    }

    /// Splices deleting whole lines (endings included), one per run of adjacent lines. When a run
    /// reaches a last line that has no ending, the previous line's ending goes instead, so the
    /// file still ends without one.
    func deletingLines(_ lines: some Sequence<Int>) -> [Splice] {
        let sorted = Set(lines).sorted()
        var runs: [ClosedRange<Int>] = []
        for line in sorted {
            if let last = runs.last, last.upperBound + 1 == line {
                runs[runs.count - 1] = last.lowerBound...line
            } else {
                runs.append(line...line)
            }
        }
        return runs.map { run in
            var start = lineStarts[run.lowerBound]
            let end = lineEnd(run.upperBound)
            if end == scalars.count, ending(run.upperBound).isEmpty, run.lowerBound > 0 {
                start = contentEnd(run.lowerBound - 1)
            }
            return Splice(start..<end, "")
        }
    }

    func slice(_ range: Range<Int>) -> String { Self.string(scalars[range]) }

    /// Applies non-overlapping splices, last first so earlier offsets stay valid.
    func applying(_ splices: [Splice]) -> String {
        var result = scalars
        for splice in splices.sorted(by: { ($0.range.lowerBound, $0.range.upperBound) > ($1.range.lowerBound, $1.range.upperBound) }) {
            result.replaceSubrange(splice.range, with: splice.replacement.unicodeScalars)
        }
        return Self.string(result)
    }

    /// `text` without leading and trailing spaces and tabs.
    static func trimmed(_ text: String) -> String {
        let view = text.unicodeScalars
        var low = view.startIndex, high = view.endIndex
        while low < high, view[low] == " " || view[low] == "\t" { low = view.index(after: low) }
        while high > low {
            let previous = view.index(before: high)
            guard view[previous] == " " || view[previous] == "\t" else { break }
            high = previous
        }
        return String(view[low..<high])
    }

    static func string(_ scalars: some Sequence<Unicode.Scalar>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.underestimatedCount)
        for scalar in scalars {
            UTF8.encode(scalar) { bytes.append($0) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Replace `range` (scalar offsets) of a text with `replacement`.
struct Splice: Sendable, Hashable {
    var range: Range<Int>
    var replacement: String

    init(_ range: Range<Int>, _ replacement: String) {
        self.range = range
        self.replacement = replacement
    }

    static func insert(at offset: Int, _ text: String) -> Splice { Splice(offset..<offset, text) }
}
