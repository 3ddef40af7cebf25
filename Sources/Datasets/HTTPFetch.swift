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
///
/// Every fetch of the process goes through one `URLSession` that is never torn down, and a
/// transfer is cancelled only from that session's (serial) delegate queue: on Linux, tearing a
/// session down right after its transfer, or cancelling a task from another thread while it
/// completes, can trap inside FoundationNetworking (swift-corelibs-foundation: the task registry's
/// "not in the registry" fatal error, `_MultiHandle` teardown races).
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
        var request = URLRequest(url: url)
        request.timeoutInterval = idleTimeout
        let task = Transfers.shared.start(request, into: receiver)
        if receiver.done.wait(timeout: .now() + deadline) == .timedOut {
            receiver.stop("no complete answer within \(Int(deadline)) s (\(receiver.received) bytes received)")
        }
        Transfers.shared.cancel(task)       // never wait for a hostile server to hang up; a no-op once it has ended
        return try receiver.result()
    }
}

/// The process's one session: it routes each task's callbacks to the `Receiver` that started it.
private final class Transfers: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    static let shared = Transfers()

    /// Serial: every callback, and every `cancel`, runs here, one at a time.
    private let queue: OperationQueue = {
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        return queue
    }()
    private var session: URLSession!
    private let lock = NSLock()
    private var receivers: [Int: Receiver] = [:]

    override init() {
        super.init()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForResource = 7 * 24 * 3600     // each fetch keeps its own deadline
        session = URLSession(configuration: configuration, delegate: self, delegateQueue: queue)
    }

    func start(_ request: URLRequest, into receiver: Receiver) -> URLSessionDataTask {
        let task = session.dataTask(with: request)
        lock.withLock { receivers[task.taskIdentifier] = receiver }
        task.resume()
        return task
    }

    /// Cancels `task` from the delegate queue, where it cannot race the task's own completion.
    func cancel(_ task: URLSessionTask) { queue.addOperation { task.cancel() } }

    private func receiver(_ task: URLSessionTask) -> Receiver? { lock.withLock { receivers[task.taskIdentifier] } }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        let allowed = receiver(dataTask)?.accept(response) ?? false
        completionHandler(allowed ? .allow : .cancel)
        if !allowed { dataTask.cancel() }       // FoundationNetworking on Linux ignores the disposition
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        if receiver(dataTask)?.write(data) == false { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        let receiver = lock.withLock { receivers.removeValue(forKey: task.taskIdentifier) }
        receiver?.complete(error)
    }
}

/// Collects one body as it arrives; the first problem stops the transfer. Writes happen under the
/// lock and only until the transfer is finished, so the caller may close the file once `done` fires.
private final class Receiver: @unchecked Sendable {
    let url: URL, handle: FileHandle, maxBytes: Int
    /// Signalled once: when the transfer completes or the first problem stops it.
    let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var _received = 0
    private var expected: Int64 = -1, problem: String?, answered = false, finished = false
    var received: Int { lock.withLock { _received } }

    init(url: URL, handle: FileHandle, maxBytes: Int) { (self.url, self.handle, self.maxBytes) = (url, handle, maxBytes) }

    /// Whether the answer's status and announced length are acceptable.
    func accept(_ response: URLResponse) -> Bool {
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        lock.withLock { (answered, expected) = (true, response.expectedContentLength) }
        if status != 200 { stop("HTTP status \(status)"); return false }
        if response.expectedContentLength > Int64(maxBytes) {
            stop("announces \(response.expectedContentLength) bytes, more than the \(maxBytes) this file can be"); return false
        }
        return true
    }

    /// Appends `data` to the file; false when the transfer must stop.
    func write(_ data: Data) -> Bool {
        let trouble = lock.withLock { () -> String? in
            guard !finished else { return nil }
            _received += data.count
            guard _received <= maxBytes else { return "sent more than \(maxBytes) bytes, more than this file can be" }
            do { try handle.write(contentsOf: data); return nil } catch { return "could not be saved: \(error.localizedDescription)" }
        }
        guard let trouble else { return true }
        stop(trouble)
        return false
    }

    func complete(_ error: Error?) {
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

/// One URL that did not deliver, and how.
public struct FetchError: Error, CustomStringConvertible {
    public let url: URL
    public let problem: String
    public var description: String { "\(url): \(problem)" }
}
