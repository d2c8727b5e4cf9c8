/// The content of a secret file: `{{secret}}` stands for the secret (filled in on the controller
/// at apply time, never planned, printed or journaled); `{{vars.NAME}}` is the host's inventory
/// variable, filled in at plan time; `[[...]]` is an optional part, dropped when a variable in it
/// is not set (e.g. `[[,controlServerURL={{vars.tailscale_control_server_url}}]]`).
public enum SecretTemplate {
    public static let secretMarker = "{{secret}}"

    /// The template with variables filled in; `{{secret}}` is left for apply time.
    public static func resolveVariables(_ template: String, vars: [String: String]) -> String {
        var result = ""
        var rest = Substring(template)
        while let open = rest.range(of: "[["), let close = rest[open.upperBound...].range(of: "]]") {
            result += substitute(rest[..<open.lowerBound], vars: vars) ?? String(rest[..<open.lowerBound])
            result += substitute(rest[open.upperBound..<close.lowerBound], vars: vars) ?? ""
            rest = rest[close.upperBound...]
        }
        return result + (substitute(rest, vars: vars) ?? String(rest))
    }

    /// The bytes to write: the template with the secret (its trailing newline dropped) in place.
    public static func fill(_ template: String?, secret: [UInt8]) -> [UInt8] {
        var secret = secret
        while let last = secret.last, last == 0x0A || last == 0x0D { secret.removeLast() }
        guard let template, template.contains(secretMarker) else { return secret }
        let parts = template.components(separatedBy: secretMarker)
        var bytes: [UInt8] = []
        for (index, part) in parts.enumerated() {
            if index > 0 { bytes += secret }
            bytes += Array(part.utf8)
        }
        return bytes
    }

    /// Replaces `{{vars.NAME}}`; nil when a variable is not set.
    private static func substitute(_ text: Substring, vars: [String: String]) -> String? {
        var result = ""
        var rest = text
        while let open = rest.range(of: "{{vars."), let close = rest[open.upperBound...].range(of: "}}") {
            guard let value = vars[String(rest[open.upperBound..<close.lowerBound])] else { return nil }
            result += rest[..<open.lowerBound] + value
            rest = rest[close.upperBound...]
        }
        return result + rest
    }
}
