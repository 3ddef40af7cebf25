import Foundation

/// Writes `data` to `url` through a temporary file in the same folder and a rename, so a reader
/// never sees a half-written file and a crash leaves the old file (or none) in place.
/// Creates the folder if needed.
public func writeAtomically(_ data: Data, to url: URL) throws {
    let folder = url.deletingLastPathComponent()
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
    do {
        try data.write(to: temporary)
        if FileManager.default.fileExists(atPath: url.path) {
            _ = try FileManager.default.replaceItemAt(url, withItemAt: temporary)
        } else {
            try FileManager.default.moveItem(at: temporary, to: url)
        }
    } catch {
        try? FileManager.default.removeItem(at: temporary)
        throw error
    }
}

/// `writeAtomically` for UTF-8 text.
public func writeAtomically(_ text: String, to url: URL) throws {
    try writeAtomically(Data(text.utf8), to: url)
}
