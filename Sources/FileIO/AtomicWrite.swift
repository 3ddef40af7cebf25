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
        try rename(temporary, to: url)
    } catch {
        try? FileManager.default.removeItem(at: temporary)
        throw error
    }
}

/// `writeAtomically` for UTF-8 text.
public func writeAtomically(_ text: String, to url: URL) throws {
    try writeAtomically(Data(text.utf8), to: url)
}

/// Lets `write` produce the file at a temporary path in `url`'s folder (for libraries such as
/// Cairo that write by path), then renames it into place.
public func writeAtomically(to url: URL, _ write: (URL) throws -> Void) throws {
    let folder = url.deletingLastPathComponent()
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
    do {
        try write(temporary)
        try rename(temporary, to: url)
    } catch {
        try? FileManager.default.removeItem(at: temporary)
        throw error
    }
}

/// rename(2): atomic within one file system, and it replaces an existing file.
private func rename(_ from: URL, to: URL) throws {
    guard Foundation.rename(from.path, to.path) == 0 else {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: to.path,
                                                       NSLocalizedDescriptionKey: "cannot move \(from.lastPathComponent) into place: \(String(cString: strerror(errno)))"])
    }
}
