import Foundation

/// One JSON object per line for `apply --format json`: the same objects the journal holds.
public enum EventJSONRenderer {
    public static func render(_ event: ExecutionEvent, runID: String, time: Date = Date()) -> String {
        EventDocument.document(event, runID: runID, time: time).rendered()
    }
}
