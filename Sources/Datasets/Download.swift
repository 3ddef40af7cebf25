import FileIO
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Fetches the four MNIST files into a folder, trying each mirror in turn, and keeps a file only
/// if its SHA-256 matches the published one. Each file streams into a temporary file (never into
/// memory), capped at its published size and bounded by an idle timeout and an overall deadline
/// (`HTTPFetch`), then is renamed into place; a download whose checksum is wrong is deleted and the
/// next mirror is tried. An interrupted download leaves no temporary file.
public struct MNISTDownloader: Sendable {
    /// Public mirrors of the original files, tried in order.
    public static let defaultMirrors = [
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
        "http://yann.lecun.com/exdb/mnist/",
    ]

    public var mirrors: [String]
    /// Seconds without a byte before a mirror is given up.
    public var timeout: TimeInterval
    /// Seconds for one file from one mirror, all of it.
    public var deadline: TimeInterval
    public var files: [MNIST.File]

    public init(mirrors: [String] = MNISTDownloader.defaultMirrors, timeout: TimeInterval = 30, deadline: TimeInterval = 300,
                files: [MNIST.File] = MNIST.files) {
        (self.mirrors, self.timeout, self.deadline, self.files) = (mirrors, timeout, deadline, files)
    }

    /// Downloads whatever `folder` lacks; files already there with the right checksum are kept.
    /// `log` receives one line per attempt.
    /// - Throws: `DownloadError` listing every mirror's failure for the first file no mirror served.
    public func download(to folder: URL, log: (String) -> Void = { print($0) }) throws {
        try createFolder(folder)
        for file in files {
            let target = folder.appendingPathComponent(file.name + ".gz")
            if let data = try? Data(contentsOf: target), SHA256.hex(data) == file.sha256 {
                log("\(file.name).gz: already here, checksum matches")
                continue
            }
            var failures: [String] = []
            for mirror in mirrors {
                let url = URL(string: mirror.hasSuffix("/") ? mirror : mirror + "/")!.appendingPathComponent(file.name + ".gz")
                do {
                    let size = try fetch(url, file: file, into: target)
                    log("\(file.name).gz: \(size) bytes from \(url), checksum verified")
                    failures = []
                    break
                } catch {
                    failures.append("\(error)")
                    log("\(error)")
                }
            }
            if !failures.isEmpty { throw DownloadError(file: file.name, reasons: failures) }
        }
    }

    /// One attempt: stream into a temporary file beside `target`, check the digest, rename into place.
    func fetch(_ url: URL, file: MNIST.File, into target: URL) throws -> Int {
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).download")
        Interruption.removeOnInterrupt(temporary)
        defer { try? FileManager.default.removeItem(at: temporary); Interruption.forget(temporary) }
        let size = try HTTPFetch(maxBytes: file.maxBytes, idleTimeout: timeout, deadline: deadline).fetch(url, to: temporary)
        let digest = SHA256.hex(try Data(contentsOf: temporary))
        guard digest == file.sha256 else {
            throw FetchError(url: url, problem: "checksum \(digest) is not the published \(file.sha256); the download was deleted")
        }
        guard rename(temporary.path, target.path) == 0 else { throw FileWriteError(path: target.path, problem: "cannot be written: \(String(cString: strerror(errno)))") }
        return size
    }
}

/// No mirror delivered a file with the right checksum.
public struct DownloadError: Error, CustomStringConvertible {
    public let file: String
    public let reasons: [String]
    public var description: String { "could not download \(file): " + reasons.joined(separator: "; ") }
}
