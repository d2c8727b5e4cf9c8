import Foundation
import Testing
@testable import K3sMigrateRun

/// `runs show ID --format svg|html`: one lane per host, bars where the time went.
@Suite("run timeline (svg, html)")
struct RunTimelineRendererTests {
    static let id = "20261204-031500-ab12"
    static let entries: [JournalEntry] = [
        #"{"type":"run-started","run":"r","time":"2026-12-04T03:15:00Z","cluster":"prod-eu","playbook":"wireguard-native","dryRun":false}"#,
        #"{"type":"step-finished","step":"@preflight","host":"s1","kind":"preflight","result":"ok","started":"2026-12-04T03:15:00Z","ended":"2026-12-04T03:15:01Z"}"#,
        #"{"type":"step-finished","step":"s1/edit","host":"s1","kind":"edit-file","result":"ok","started":"2026-12-04T03:15:01Z","ended":"2026-12-04T03:15:02Z"}"#,
        #"{"type":"step-finished","step":"s1/restart","host":"s1","kind":"restart","result":"ok","started":"2026-12-04T03:15:02Z","ended":"2026-12-04T03:15:42Z"}"#,
        #"{"type":"step-finished","step":"a<1>/restart","host":"a<1>","kind":"restart","result":"failed","started":"2026-12-04T03:15:42Z","ended":"2026-12-04T03:15:52Z","summary":"k3s-agent did not start\u001b[31m & \"quit\""}"#,
        #"{"type":"undo-finished","step":"s1/edit","host":"s1","result":"undone","started":"2026-12-04T03:15:55Z","ended":"2026-12-04T03:15:56Z"}"#,
        #"{"type":"run-finished","time":"2026-12-04T03:16:40Z","outcome":"rolled-back"}"#,
    ].compactMap(JournalEntry.init(line:))

    /// The `<rect>` bars that carry a tooltip, as (x, width, tooltip).
    static func bars(_ svg: String) -> [(x: Double, width: Double, title: String)] {
        svg.split(separator: "\n").compactMap { line -> (Double, Double, String)? in
            guard line.hasPrefix("<rect x="), line.contains("<title>") else { return nil }
            func attribute(_ name: String) -> Double? {
                guard let range = line.range(of: " \(name)=\"") else { return nil }
                return Double(line[range.upperBound...].prefix { $0 != "\"" })
            }
            let title = line.components(separatedBy: "<title>")[1].components(separatedBy: "</title>")[0]
            return (attribute("x") ?? -1, attribute("width") ?? -1, title)
        }
    }

    @Test("one lane per host in order of appearance, bars placed and sized by time, failed bars outlined red, legend")
    func layout() throws {
        let svg = RunTimelineRenderer.svg(runID: Self.id, entries: Self.entries)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.hasSuffix("</svg>\n"))
        let bars = Self.bars(svg)
        #expect(bars.count == 5)
        // 100 s from run start to finish over 900 px: 9 px per second, after the 150 px labels.
        let restart = try #require(bars.first { $0.title.hasPrefix("s1/restart") })
        #expect(restart.x == 150 + 2 * 9)
        #expect(restart.width == 40 * 9)
        #expect(restart.title == "s1/restart (restart) ok, 40.00 s")
        let undo = try #require(bars.first { $0.title.hasPrefix("undo s1/edit") })
        #expect(undo.x == 150 + 55 * 9)
        let lanes = svg.split(separator: "\n").filter { $0.hasPrefix("<text x=\"10\" y=\"") && !$0.contains("font-size") && !$0.contains("outcome") }
        #expect(lanes.map { $0.components(separatedBy: ">")[1].components(separatedBy: "<")[0] } == ["s1", "a&lt;1&gt;"])
        #expect(svg.contains("stroke=\"#d62728\" stroke-width=\"2\"><title>a&lt;1&gt;/restart"), "the failed step is outlined")
        #expect(svg.contains("outcome: rolled-back; 100.0 s in all"))
        for name in ["preflight", "edit-file", "restart", "health-gate", "undo", "failed"] {
            #expect(svg.contains(">\(name)</text>"), "legend has \(name)")
        }
        #expect(svg.contains(">0 s</text>") && svg.contains(">100 s</text>"), "axis in seconds")
    }

    @Test("node text is escaped for XML and its control characters shown, never passed through")
    func escaping() throws {
        let svg = RunTimelineRenderer.svg(runID: Self.id, entries: Self.entries)
        let failed = try #require(Self.bars(svg).first { $0.title.contains("did not start") })
        #expect(failed.title == "a&lt;1&gt;/restart (restart) failed, 10.00 s: k3s-agent did not start\\x1b[31m &amp; &quot;quit&quot;")
        #expect(!svg.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(!svg.contains("<1>"))
    }

    @Test("the same journal gives the same picture; no steps says so")
    func deterministic() {
        #expect(RunTimelineRenderer.svg(runID: Self.id, entries: Self.entries) == RunTimelineRenderer.svg(runID: Self.id, entries: Self.entries))
        let empty = RunTimelineRenderer.svg(runID: Self.id, entries: Array(Self.entries.prefix(1)))
        #expect(empty.contains("(no step finished)"))
        #expect(Self.bars(empty).isEmpty)
    }

    @Test("html: the timeline and the table, escaped")
    func html() {
        let page = RunTimelineRenderer.html(runID: Self.id, entries: Self.entries)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("<svg xmlns="))
        #expect(page.contains("<pre>run \(Self.id)  cluster prod-eu"))
        #expect(page.contains("a&lt;1&gt;/restart"))
        #expect(!page.contains("a<1>"))
        #expect(page.contains("outcome: rolled-back"))
    }

    @Test("tick steps are round and few", arguments: [(0.5, 0.1), (9.0, 2.0), (100.0, 20.0), (45.0, 10.0), (3600.0, 500.0)])
    func ticks(_ total: Double, _ step: Double) {
        #expect(abs(RunTimelineRenderer.tickStep(total) - step) < 1e-9)
    }
}
