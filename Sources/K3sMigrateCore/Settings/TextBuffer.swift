/// A file's text as Unicode scalars with line boundaries, so that edits address exact columns
/// (libyaml counts columns in scalars) and keep every other byte, line endings included.
struct TextBuffer: Sendable, Hashable {
    private(set) var scalars: [Unicode.Scalar]
    /// Offset of the first scalar of each line (0-based lines).
    private(set) var lineStarts: [Int]

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        lineStarts = [0]
        for (index, scalar) in scalars.enumerated() where scalar == "\n" && index + 1 < scalars.count {
            lineStarts.append(index + 1)
        }
        if scalars.isEmpty { lineStarts = [] }
    }

    var text: String {
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return String(result)
    }

    var lineCount: Int { lineStarts.count }
    var isEmpty: Bool { scalars.isEmpty }
    var endsWithNewline: Bool { scalars.last == "\n" }

    /// Offset just past the line's content (before `\r\n` or `\n`).
    func contentEnd(_ line: Int) -> Int {
        var end = lineEnd(line)
        if end > lineStarts[line], scalars[end - 1] == "\n" { end -= 1 }
        if end > lineStarts[line], scalars[end - 1] == "\r" { end -= 1 }
        return end
    }

    /// Offset just past the line including its ending.
    func lineEnd(_ line: Int) -> Int { line + 1 < lineStarts.count ? lineStarts[line + 1] : scalars.count }

    /// The line's content without its ending.
    func content(_ line: Int) -> [Unicode.Scalar] { Array(scalars[lineStarts[line]..<contentEnd(line)]) }

    func contentString(_ line: Int) -> String { Self.string(scalars[lineStarts[line]..<contentEnd(line)]) }

    /// The line's ending: `\n`, `\r\n`, or "" for a last line without one.
    func ending(_ line: Int) -> String { Self.string(scalars[contentEnd(line)..<lineEnd(line)]) }

    /// `\r\n` when most lines end so, else `\n`.
    var preferredEnding: String {
        let endings = (0..<lineCount).map(ending).filter { !$0.isEmpty }
        let crlf = endings.filter { $0 == "\r\n" }.count
        return crlf * 2 > endings.count ? "\r\n" : "\n"
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
        let trimmed = content(line).drop { $0 == " " || $0 == "\t" }
        return trimmed.isEmpty || trimmed.first == "#"
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
        var view = String.UnicodeScalarView()
        view.append(contentsOf: result)
        return String(view)
    }

    /// `text` without leading and trailing spaces and tabs.
    static func trimmed(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var low = 0, high = scalars.count
        while low < high, scalars[low] == " " || scalars[low] == "\t" { low += 1 }
        while high > low, scalars[high - 1] == " " || scalars[high - 1] == "\t" { high -= 1 }
        return string(scalars[low..<high])
    }

    static func string(_ scalars: some Sequence<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
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
