import Foundation
import LessonKit
import Testing

@Suite("Spare cores: a course run's lessons borrow the cores it leaves free")
struct SpareCoresTests {
    func slots(_ count: Int) throws -> CoreSlots {
        try CoreSlots.create(in: FileManager.default.temporaryDirectory.appendingPathComponent("lifelong-slots-\(UUID().uuidString)"), count: count)
    }

    /// A slot is held by one taker at a time, until it is released.
    @Test func aSlotHasOneHolderAtATime() throws {
        let spare = try slots(2)
        defer { try? FileManager.default.removeItem(at: spare.directory) }
        let a = try #require(spare.take()), b = try #require(spare.take())
        #expect(spare.take() == nil)
        a.release()
        let c = try #require(spare.take())
        #expect(spare.take() == nil)
        b.release()
        c.release()
        #expect(CoreSlots.fromEnvironment([CoreSlots.variable: spare.directory.path])?.count == 2)
        #expect(CoreSlots.fromEnvironment([:]) == nil && CoreSlots.fromEnvironment([CoreSlots.variable: "/nonexistent/slots"]) == nil)
    }

    /// One thread of its own and three slots, two of them held elsewhere: at most two jobs at once
    /// (with every slot held: one), and the results in job order either way.
    @Test func borrowedThreadsRunOnlyOnFreeSlots() throws {
        let spare = try slots(3)
        defer { try? FileManager.default.removeItem(at: spare.directory) }
        let busy = [try #require(spare.take()), try #require(spare.take())]
        let watch = Concurrency()
        let squares = try parallelRuns(Array(0..<12), threads: 1, spare: spare) { i in watch.during { usleep(20_000) }; return i * i }
        #expect(squares == (0..<12).map { $0 * $0 })
        #expect(watch.most <= 2)
        if ProcessInfo.processInfo.activeProcessorCount >= 2 { #expect(watch.most == 2, "the free slot was not borrowed") }
        let last = try #require(spare.take())
        let alone = Concurrency()
        #expect(try parallelRuns(Array(0..<6), threads: 1, spare: spare) { i in alone.during { usleep(5_000) }; return i } == Array(0..<6))
        #expect(alone.most == 1)
        (busy + [last]).forEach { $0.release() }
    }

    struct Boom: Error, Equatable {}

    /// A borrowed thread is done with the jobs' closure when `parallelRuns` returns (a detached
    /// thread that still held it for a moment crashed lessons of a busy course: "closure argument
    /// was escaped in withoutActuallyEscaping block"). Many short calls on oversubscribed cores
    /// give such a moment every chance.
    @Test func noBorrowedThreadOutlivesTheCall() throws {
        let spare = try slots(2)
        defer { try? FileManager.default.removeItem(at: spare.directory) }
        let stop = Flag()
        for _ in 0..<4 { Thread.detachNewThread { while !stop.isSet {} } }        // busy cores, as in a course
        defer { stop.set() }
        for round in 0..<2000 {
            let results = try parallelRuns([round, round + 1, round + 2], threads: 1, spare: spare) { $0 * 2 }
            #expect(results == [2 * round, 2 * round + 2, 2 * round + 4])
        }
    }

    /// Every thread a job may run on treats denormals as zero, as the main thread does (set when
    /// the engine loads, and inherited by the threads made after it): otherwise a job's bits would
    /// depend on which thread took it.
    @Test func everyWorkerTreatsDenormalsAsZero() throws {
        let spare = try slots(3)
        defer { try? FileManager.default.removeItem(at: spare.directory) }
        let tiny = [Float](repeating: .leastNormalMagnitude, count: 16)
        let quarters = try parallelRuns(tiny, threads: 2, spare: spare) { x in usleep(2_000); return x * 0.25 }
        #expect(quarters == [Float](repeating: 0, count: 16))
    }

    /// A borrowed thread's error reaches the caller as an own thread's does.
    @Test func aBorrowedJobsErrorIsRethrown() throws {
        let spare = try slots(2)
        defer { try? FileManager.default.removeItem(at: spare.directory) }
        #expect(throws: Boom()) { try parallelRuns(Array(0..<8), threads: 1, spare: spare) { i in usleep(5_000); if i == 5 { throw Boom() }; return i } }
    }
}

/// The most jobs seen running at once.
final class Concurrency: @unchecked Sendable {
    private let lock = NSLock()
    private var now = 0
    private(set) var most = 0

    func during(_ body: () -> Void) {
        lock.withLock { now += 1; most = max(most, now) }
        body()
        lock.withLock { now -= 1 }
    }
}

/// A flag one thread sets and others read.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
    func set() { lock.lock(); value = true; lock.unlock() }
}
