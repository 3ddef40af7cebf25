import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file or folder that could not be written: the path, and what is wrong, in words — never a
/// raw system error dump.
public struct FileWriteError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let problem: String
    public init(path: String, problem: String) { (self.path, self.problem) = (path, problem) }
    public var description: String { "\(path): \(problem)" }

    /// From the C library's `errno` after a failed call, in words ("No space left on device").
    static func fromErrno(_ path: String, _ doing: String, _ code: Int32 = errno) -> FileWriteError {
        FileWriteError(path: path, problem: "cannot \(doing): \(String(cString: strerror(code)))")
    }
}

/// Writes `data` to `url` through a temporary file in the same folder and a rename, so a reader
/// never sees a half-written file and a crash leaves the old file (or none) in place. Creates the
/// folder if needed. The temporary file is deleted if anything fails, and also if the process is
/// interrupted (SIGINT, SIGTERM) while it exists.
/// - Throws: `FileWriteError` naming the path and the cause (no space, no permission, not a folder, …).
public func writeAtomically(_ data: Data, to url: URL) throws {
    try writeAtomically(to: url) { temporary in try writeFile(data, to: temporary) }
}

/// `writeAtomically` for UTF-8 text.
public func writeAtomically(_ text: String, to url: URL) throws {
    try writeAtomically(Data(text.utf8), to: url)
}

/// Lets `write` produce the file at a temporary path in `url`'s folder (for libraries such as
/// Cairo that write by path), then renames it into place.
public func writeAtomically(to url: URL, _ write: (URL) throws -> Void) throws {
    let folder = url.deletingLastPathComponent()
    try createFolder(folder)
    let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
    Interruption.removeOnInterrupt(temporary)
    defer { Interruption.forget(temporary) }
    do {
        try write(temporary)
        try rename(temporary, to: url)
    } catch {
        try? FileManager.default.removeItem(at: temporary)
        throw error
    }
}

/// Creates `folder` and its parents with mkdir(2), or says in one line why it cannot: the part of
/// the path that is in the way and the system's reason in words (no space, read-only, a file there).
public func createFolder(_ folder: URL) throws {
    var missing: [URL] = [], url = folder.standardizedFileURL
    var isFolder: ObjCBool = false
    while !FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) {
        missing.append(url)
        url = url.deletingLastPathComponent()
    }
    guard isFolder.boolValue else {
        throw FileWriteError(path: url.path, problem: url == folder.standardizedFileURL ? "is a file, not a folder" : "is a file, not a folder, so \(folder.path) cannot be created")
    }
    for step in missing.reversed() where mkdir(step.path, 0o755) != 0 && errno != EEXIST {
        throw FileWriteError.fromErrno(step.path, "be created")
    }
}

/// write(2) the whole of `data` into a new file at `url` (no temporary file: see `writeAtomically`),
/// then fsync and close, so a full disk or a missing permission is reported as such.
public func writeFile(_ data: Data, to url: URL) throws {
    let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw FileWriteError.fromErrno(url.deletingLastPathComponent().path, "create a file in it") }
    var failure: FileWriteError?
    data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
        var offset = 0
        while offset < buffer.count {
            let n = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                failure = .fromErrno(url.path, "be written"); return
            }
            offset += n
        }
    }
    if failure == nil && fsync(fd) != 0 && errno != EINVAL { failure = .fromErrno(url.path, "be written to disk") }
    if close(fd) != 0 && failure == nil { failure = .fromErrno(url.path, "be closed") }
    if let failure { throw failure }
}

/// rename(2): atomic within one file system, and it replaces an existing file.
private func rename(_ from: URL, to: URL) throws {
    guard Foundation.rename(from.path, to.path) == 0 else { throw FileWriteError.fromErrno(to.path, "be replaced") }
}
