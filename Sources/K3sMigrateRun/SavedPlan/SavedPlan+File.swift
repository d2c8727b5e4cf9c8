import Foundation
import K3sMigrateCore

extension SavedPlan {
    /// Writes the plan as JSON (sorted keys, so the same plan gives the same bytes), mode 0600,
    /// atomically: a private temporary file in the same directory renamed over `path`.
    /// Only a regular file or a new path is replaced: a link, a directory, a FIFO or a device at
    /// `path` is refused (a link would otherwise let `--out` replace whatever it points to's name).
    public func write(to path: String) throws(DiagnosticsError) {
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            let what = switch info.st_mode & S_IFMT {
            case S_IFLNK: "a symbolic link"
            case S_IFDIR: "a directory"
            case S_IFIFO: "a FIFO"
            case S_IFCHR, S_IFBLK: "a device"
            default: "not a regular file"
            }
            throw SavedPlan.fileError(path, "is \(what): refusing to replace it with the plan (give a new path or a regular file)")
        }
        let data: Data
        do { data = try SavedPlan.encoder().encode(self) } catch {
            throw SavedPlan.fileError(path, "cannot encode the plan: \(error)")
        }
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SavedPlan.fileError(path, "cannot write the plan: \(String(cString: strerror(errno)))") }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
        let written = (try? handle.write(contentsOf: data)) != nil
        let synced = fsync(fd) == 0
        close(fd)
        guard written, synced, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw SavedPlan.fileError(path, "cannot write the plan: \(reason)")
        }
    }

    /// Reads a plan file, with one clear line when it is not one, is of another format version,
    /// or is damaged.
    public static func read(from path: String) throws(DiagnosticsError) -> SavedPlan {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read it" : "no such file"
            throw fileError(path, "cannot read the plan file: \(reason)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) else {
            // Keys are sorted, so `factDigests` comes early even when `kind` was cut off.
            let text = String(decoding: data, as: UTF8.self)
            if data.first == UInt8(ascii: "{"), text.contains(kindMarker) || text.contains("\"factDigests\":") {
                throw fileError(path, "the plan file is corrupted (not valid JSON, perhaps cut short); make the plan again")
            }
            throw fileError(path, "not a k3smigrate plan file (`k3smigrate plan --out FILE` writes one)")
        }
        guard let header = object as? [String: Any], header["kind"] as? String == kindMarker else {
            throw fileError(path, "not a k3smigrate plan file (`k3smigrate plan --out FILE` writes one)")
        }
        guard let version = header["formatVersion"] as? Int else {
            throw fileError(path, "the plan file is corrupted (no format version); make the plan again")
        }
        guard version == currentFormatVersion else {
            throw fileError(path, "the plan file has format version \(version), this k3smigrate reads version "
                                  + "\(currentFormatVersion); make the plan again with this k3smigrate")
        }
        do {
            return try decoder().decode(SavedPlan.self, from: data)
        } catch {
            throw fileError(path, "the plan file is corrupted (\(describe(error))); make the plan again")
        }
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        let (context, what): (DecodingError.Context?, String) = switch error {
        case .keyNotFound(let key, let c): (c, "missing \(key.stringValue)")
        case .typeMismatch(_, let c): (c, "wrong type")
        case .valueNotFound(_, let c): (c, "missing value")
        case .dataCorrupted(let c): (c, "bad value")
        @unknown default: (nil, "cannot decode")
        }
        let at = context?.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".") ?? ""
        return at.isEmpty ? what : "\(what) at \(at)"
    }

    static func fileError(_ path: String, _ message: String) -> DiagnosticsError {
        DiagnosticsError([.error("plan-file", at: SourceLocation(file: path), message)])
    }
}
