import Testing
@testable import K3sMigrateCore

/// Expected texts are what GNU `diff -u --label a/P --label b/P` prints for the same inputs.
@Suite struct UnifiedDiffTests {
    @Test func separateHunksWithThreeLinesOfContext() {
        let before = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n"
        let after = "a\nb\nc\nD\ne\nf\ng\nh\ni\nj\nk\nl\nm\n"
        #expect(UnifiedDiff.make(path: "x", before: before, after: after) == """
        --- a/x
        +++ b/x
        @@ -1,7 +1,7 @@
         a
         b
         c
        -d
        +D
         e
         f
         g
        @@ -10,3 +10,4 @@
         j
         k
         l
        +m

        """)
    }

    @Test func missingFinalNewlineOnBothSides() {
        #expect(UnifiedDiff.make(path: "p", before: "x\ny", after: "x\nz") == """
        --- a/p
        +++ b/p
        @@ -1,2 +1,2 @@
         x
        -y
        \\ No newline at end of file
        +z
        \\ No newline at end of file

        """)
    }

    @Test func losingTheFinalNewlineChangesTheLine() {
        #expect(UnifiedDiff.make(path: "r", before: "one\ntwo\n", after: "one\ntwo") == """
        --- a/r
        +++ b/r
        @@ -1,2 +1,2 @@
         one
        -two
        +two
        \\ No newline at end of file

        """)
    }

    @Test func newFileAndDeletedFirstLine() {
        #expect(UnifiedDiff.make(path: "q", before: "", after: "k: v\n") == "--- a/q\n+++ b/q\n@@ -0,0 +1 @@\n+k: v\n")
        #expect(UnifiedDiff.make(path: "s", before: "a\nb\nc\n", after: "b\nc\n") == "--- a/s\n+++ b/s\n@@ -1,3 +1,2 @@\n-a\n b\n c\n")
    }

    @Test func equalTextsGiveNoDiff() {
        #expect(UnifiedDiff.make(path: "x", before: "a\n", after: "a\n") == "")
    }

    @Test func carriageReturnsStayPartOfTheLine() {
        let diff = UnifiedDiff.make(path: "c", before: "a: 1\r\nb: 2\r\n", after: "a: 1\r\nb: 3\r\n")
        #expect(diff == "--- a/c\n+++ b/c\n@@ -1,2 +1,2 @@\n a: 1\r\n-b: 2\r\n+b: 3\r\n")
    }

    @Test("an absolute path shows as a/etc/... like git, not a//etc/...")
    func absolutePath() {
        let diff = UnifiedDiff.make(path: "/etc/rancher/k3s/config.yaml", before: "a: 1\n", after: "a: 2\n")
        #expect(diff.hasPrefix("--- a/etc/rancher/k3s/config.yaml\n+++ b/etc/rancher/k3s/config.yaml\n"))
    }
}
