import Foundation

/// The cores of one machine shared by the lessons of a course run, as lock files: one file per
/// core, a core in use while someone holds an `flock` on its file (the idea of GNU make's
/// jobserver). `lifelong course` holds one for each lesson it runs; a lesson's `parallelRuns`
/// borrows any free one for one job at a time, so the last lessons of a course use the cores
/// that the finished ones left. A lock goes with the process that held it, even if it crashes.
public struct CoreSlots: Sendable {
    /// The environment variable that names a course run's slot directory.
    public static let variable = "LIFELONG_SPARE_CORES"
    public let directory: URL
    public let count: Int

    /// `count` slot files in `directory` (made if missing).
    public static func create(in directory: URL, count: Int) throws -> CoreSlots {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for k in 0..<count { _ = FileManager.default.createFile(atPath: directory.appendingPathComponent("core-\(k)").path, contents: nil) }
        return CoreSlots(directory: directory, count: count)
    }

    /// The slots named by `LIFELONG_SPARE_CORES`, or nil when it is unset or names no slots.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> CoreSlots? {
        guard let path = environment[variable], !path.isEmpty else { return nil }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        let count = names.filter { $0.hasPrefix("core-") }.count
        return count > 0 ? CoreSlots(directory: URL(fileURLWithPath: path), count: count) : nil
    }

    /// A free slot, now held by this process until `release()`; nil when every slot is held.
    public func take() -> Slot? {
        for k in 0..<count {
            let fd = open(directory.appendingPathComponent("core-\(k)").path, O_RDWR | O_CLOEXEC)
            guard fd >= 0 else { continue }
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return Slot(fd) }
            close(fd)
        }
        return nil
    }
}

/// One held core of `CoreSlots`.
public final class Slot: @unchecked Sendable {
    private var fd: Int32
    init(_ fd: Int32) { self.fd = fd }

    /// Gives the core back (closing the file drops the lock).
    public func release() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
    }

    deinit { release() }
}
