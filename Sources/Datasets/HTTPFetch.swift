import FileIO
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Streams one URL's body into a file, never holding it in memory, with limits that keep a
/// broken or hostile server from holding the command: a size cap (a body larger than the file can
/// be is cut off at once), an idle timeout (nothing received for that long) and an overall
/// deadline (a server that sends one byte every two seconds still ends). Each failure is one line
/// naming the URL and what the server did.
public struct HTTPFetch: Sendable {
    /// The most bytes accepted.
    public var maxBytes: Int
    /// Seconds without any byte (no answer, or a stalled transfer) before giving up.
    public var idleTimeout: TimeInterval
    /// Seconds for the whole transfer.
    public var deadline: TimeInterval

    public init(maxBytes: Int, idleTimeout: TimeInterval = 30, deadline: TimeInterval = 600) {
        (self.maxBytes, self.idleTimeout, self.deadline) = (maxBytes, idleTimeout, deadline)
    }

    /// Writes the body of `url` to `file` (created or truncated).
    /// - Returns: the number of bytes written.
    /// - Throws: `FetchError` for a failed request, a status other than 200, a body over `maxBytes`,
    ///   a body shorter than the server announced, or a timeout; `FileWriteError` if `file` cannot be written.
    public func fetch(_ url: URL, to file: URL) throws -> Int {
        guard FileManager.default.createFile(atPath: file.path, contents: nil), let handle = FileHandle(forWritingAtPath: file.path) else {
            throw FileWriteError(path: file.path, problem: "cannot be created")
        }
        defer { try? handle.close() }
        let receiver = Receiver(url: url, handle: handle, maxBytes: maxBytes)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = idleTimeout
        configuration.timeoutIntervalForResource = deadline
        let session = URLSession(configuration: configuration, delegate: receiver, delegateQueue: nil)
        let task = session.dataTask(with: url)
        defer { DispatchQueue.global().async { task.cancel(); session.invalidateAndCancel() } }    // never wait for a hostile server to hang up
        task.resume()
        if receiver.done.wait(timeout: .now() + deadline) == .timedOut {
            receiver.stop("no complete answer within \(Int(deadline)) s (\(receiver.received) bytes received)")
        }
        return try receiver.result()
    }

    /// Collects the body as it arrives; the first problem stops the transfer.
    private final class Receiver: NSObject, URLSessionDataDelegate, @unchecked Sendable {
        let url: URL, handle: FileHandle, maxBytes: Int
        /// Signalled once: when the transfer completes or the first problem stops it.
        let done = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var _received = 0
        private var expected: Int64 = -1, problem: String?, answered = false, finished = false
        var received: Int { lock.withLock { _received } }

        init(url: URL, handle: FileHandle, maxBytes: Int) { (self.url, self.handle, self.maxBytes) = (url, handle, maxBytes) }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            lock.withLock { (answered, expected) = (true, response.expectedContentLength) }
            if status != 200 { stop("HTTP status \(status)"); completionHandler(.cancel); return }
            if response.expectedContentLength > Int64(maxBytes) {
                stop("announces \(response.expectedContentLength) bytes, more than the \(maxBytes) this file can be"); completionHandler(.cancel); return
            }
            completionHandler(.allow)
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
            let (total, stopped) = lock.withLock { () -> (Int, Bool) in _received += data.count; return (_received, finished) }
            guard !stopped else { return }
            guard total <= maxBytes else { stop("sent more than \(maxBytes) bytes, more than this file can be"); dataTask.cancel(); return }
            do { try handle.write(contentsOf: data) } catch { stop("could not be saved: \(error.localizedDescription)"); dataTask.cancel() }
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
            let report = lock.withLock { () -> String? in
                if let error {
                    let timedOut = (error as? URLError)?.code == .timedOut
                    return timedOut ? (answered || _received > 0 ? "stalled: nothing received for too long (\(_received) bytes received)" : "the server did not answer")
                                    : error.localizedDescription
                }
                return expected >= 0 && Int64(_received) != expected ? "got \(_received) of \(expected) bytes (connection closed early)" : nil
            }
            finish(report)
        }

        /// Stops the transfer with `reason` (the first reason wins) and wakes the caller.
        func stop(_ reason: String) { finish(reason) }

        private func finish(_ reason: String?) {
            let first = lock.withLock { () -> Bool in
                if problem == nil, let reason { problem = reason }
                defer { finished = true }
                return !finished
            }
            if first { done.signal() }
        }

        func result() throws -> Int {
            try lock.withLock {
                if let problem { throw FetchError(url: url, problem: problem) }
                return _received
            }
        }
    }
}

/// One URL that did not deliver, and how.
public struct FetchError: Error, CustomStringConvertible {
    public let url: URL
    public let problem: String
    public var description: String { "\(url): \(problem)" }
}
