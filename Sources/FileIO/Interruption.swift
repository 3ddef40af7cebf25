import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What happens when a run is interrupted (Ctrl-C, `kill`): the temporary files and folders it
/// registered are deleted, work registered with `onInterrupt` runs (stop child processes, …),
/// then the process exits with 128 + the signal's number, as a shell expects.
public enum Interruption {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var paths: [String: Int] = [:]
    nonisolated(unsafe) private static var actions: [() -> Void] = []
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    /// Deletes `url` (a file or a folder) if the process is interrupted before `forget(url)`.
    public static func removeOnInterrupt(_ url: URL) {
        lock.withLock { paths[url.path, default: 0] += 1 }
    }

    /// `url` is no longer temporary (it was renamed into place, or removed).
    public static func forget(_ url: URL) {
        lock.withLock {
            paths[url.path, default: 1] -= 1
            if paths[url.path]! <= 0 { paths[url.path] = nil }
        }
    }

    /// Runs `action` first when the process is interrupted (e.g. stop the processes it started).
    public static func onInterrupt(_ action: @escaping () -> Void) {
        lock.withLock { actions.append(action) }
    }

    /// Handles SIGINT and SIGTERM from now on, and removes what is still registered when the
    /// process exits after an error (once per process; later calls do nothing).
    public static func install() {
        lock.withLock {
            guard sources.isEmpty else { return }
            atexit { Interruption.removeLeftovers() }
            for signalNumber in [SIGINT, SIGTERM] {
                signal(signalNumber, SIG_IGN)              // the dispatch source receives it instead
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                source.setEventHandler { interrupted(by: signalNumber) }
                source.resume()
                sources.append(source)
            }
        }
    }

    /// Whether the process is being interrupted (for loops that should stop early).
    nonisolated(unsafe) public private(set) static var isInterrupted = false

    /// Deletes every registered path (at exit: a run that failed leaves no staging folder behind).
    static func removeLeftovers() {
        let leftovers = lock.withLock { () -> [String] in defer { paths = [:] }; return Array(paths.keys) }
        for path in leftovers { try? FileManager.default.removeItem(atPath: path) }
    }

    private static func interrupted(by signalNumber: Int32) {
        let (todo, leftovers) = lock.withLock { () -> ([() -> Void], [String]) in
            isInterrupted = true
            return (actions, Array(paths.keys))
        }
        for action in todo { action() }
        for path in leftovers { try? FileManager.default.removeItem(atPath: path) }
        let name = signalNumber == SIGINT ? "interrupted (SIGINT)" : "stopped (SIGTERM)"
        FileHandle.standardError.writeBestEffort("\n\(name): nothing half-written was left behind\n")
        exit(128 + signalNumber)
    }
}

/// Standard streams that never stop a run: a closed descriptor is reopened on /dev/null (so no
/// file the run opens can take its number), SIGPIPE is ignored, and writes are best effort.
public enum StandardStreams {
    /// Call once at start-up, before opening any file.
    public static func protect() {
        for fd in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(fd, F_GETFD) == -1 {
            let null = open("/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY)
            if null >= 0 && null != fd { dup2(null, fd); close(null) }
        }
        signal(SIGPIPE, SIG_IGN)
    }
}

extension FileHandle {
    /// Writes `text`, ignoring a full disk, a closed pipe or a closed descriptor: progress output
    /// must never stop the work.
    public func writeBestEffort(_ text: String) {
        try? write(contentsOf: Data(text.utf8))
    }
}
