import FileIO
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Fetches the four MNIST files into a folder, trying each mirror in turn, and keeps a file only
/// if its SHA-256 matches the published one. Each file goes through a temporary file and a
/// rename; a download whose checksum is wrong is deleted and the next mirror is tried.
public struct MNISTDownloader: Sendable {
    /// Public mirrors of the original files, tried in order.
    public static let defaultMirrors = [
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
        "http://yann.lecun.com/exdb/mnist/",
    ]

    public var mirrors: [String]
    public var timeout: TimeInterval
    public var files: [MNIST.File]

    public init(mirrors: [String] = MNISTDownloader.defaultMirrors, timeout: TimeInterval = 60, files: [MNIST.File] = MNIST.files) {
        (self.mirrors, self.timeout, self.files) = (mirrors, timeout, files)
    }

    /// Downloads whatever `folder` lacks; files already there with the right checksum are kept.
    /// `log` receives one line per attempt.
    /// - Throws: `DownloadError` listing every mirror's failure for the first file no mirror served.
    public func download(to folder: URL, log: (String) -> Void = { print($0) }) throws {
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
                    let data = try fetch(url)
                    let digest = SHA256.hex(data)
                    guard digest == file.sha256 else {
                        throw DownloadError(file: file.name, reasons: ["\(url): checksum \(digest) is not the published \(file.sha256); the download was deleted"])
                    }
                    try writeAtomically(data, to: target)
                    log("\(file.name).gz: \(data.count) bytes from \(url), checksum verified")
                    failures = []
                    break
                } catch let error as DownloadError {
                    failures += error.reasons
                    log(error.reasons.joined(separator: "; "))
                } catch {
                    failures.append("\(url): \(error.localizedDescription)")
                    log("\(url): \(error.localizedDescription)")
                }
            }
            if !failures.isEmpty { throw DownloadError(file: file.name, reasons: failures) }
        }
    }

    /// The body of `url`, or an error for a failed request, a non-200 status or a short body.
    func fetch(_ url: URL) throws -> Data {
        final class Outcome: @unchecked Sendable { var result: Result<Data, Error>? }
        let outcome = Outcome(), done = DispatchSemaphore(value: 0)
        var request = URLRequest(url: url)
        request.timeoutInterval = timeout
        let task = URLSession.shared.dataTask(with: request) { data, response, error in
            defer { done.signal() }
            if let error { outcome.result = .failure(error); return }
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            guard status == 200, let data else {
                outcome.result = .failure(DownloadError(file: url.lastPathComponent, reasons: ["\(url): HTTP status \(status)"]))
                return
            }
            let expected = response?.expectedContentLength ?? -1
            if expected >= 0 && Int64(data.count) != expected {
                outcome.result = .failure(DownloadError(file: url.lastPathComponent, reasons: ["\(url): got \(data.count) of \(expected) bytes (connection closed early)"]))
                return
            }
            outcome.result = .success(data)
        }
        task.resume()
        done.wait()
        return try outcome.result!.get()
    }
}

/// No mirror delivered a file with the right checksum.
public struct DownloadError: Error, CustomStringConvertible {
    public let file: String
    public let reasons: [String]
    public var description: String { "could not download \(file): " + reasons.joined(separator: "; ") }
}
