import Foundation

/// Runs independent jobs (one seed, one method, one λ) on every core and returns their results
/// in job order. Each job builds its own network and generator from its own seed, so the results
/// are the same, bit for bit, whatever the number of threads and whichever job finishes first.
/// The first error thrown stops the jobs not yet started and is rethrown.
///
/// Threads: `LIFELONG_THREADS` if set (1 runs the jobs in order on this thread), else the
/// number of cores. Under `lifelong course` (`LIFELONG_SPARE_CORES`), more threads join, one job
/// at a time, while another core of the run is free (`CoreSlots`).
public func parallelRuns<Job, Result>(_ jobs: [Job], _ body: (Job) throws -> Result) throws -> [Result] {
    try parallelRuns(jobs, threads: runThreads, spare: CoreSlots.fromEnvironment(), body)
}

/// `parallelRuns` on `threads` threads of its own, and up to `spare.count − threads` borrowed
/// ones, each holding a free slot of `spare` for every job it runs (and waiting while none is).
public func parallelRuns<Job, Result>(_ jobs: [Job], threads: Int, spare: CoreSlots?, _ body: (Job) throws -> Result) throws -> [Result] {
    let own = min(jobs.count, threads), borrowed = min(jobs.count - own, max(0, (spare?.count ?? 0) - own))
    if own + borrowed <= 1 { return try jobs.map(body) }
    let state = ParallelState<Result>(count: jobs.count)
    withoutActuallyEscaping(body) { body in
        let run = UncheckedBox { (i: Int) in do { state.finish(i, try body(jobs[i])) } catch { state.fail(error) } }
        let borrowers = (0..<borrowed).compactMap { _ in
            startThread {                              // one job at a time, each while it holds a free slot
                while state.jobsLeft {
                    guard let slot = spare?.take() else { Thread.sleep(forTimeInterval: 0.2); continue }
                    defer { slot.release() }
                    guard let i = state.nextJob() else { return }
                    run.value(i)
                }
            }
        }
        DispatchQueue.concurrentPerform(iterations: own) { _ in while let i = state.nextJob() { run.value(i) } }
        for thread in borrowers { pthread_join(thread, nil) }   // ended, and done with `body`
    }
    if let error = state.error { throw error }
    return state.results.map { $0! }
}

/// Every method for every seed through `parallelRuns`, the `slow` methods first so that no core
/// waits on a long run started last; `runs[method][seed index]`, seeds in order. Prints one
/// progress line naming the runs (`titles`) and the threads.
public func runsByMethod<Method: Hashable, Result>(_ methods: [Method], titles: [String], seeds: [UInt64], slow: [Method] = [],
                                                   progress: (String) -> Void, _ run: (Method, UInt64) throws -> Result) throws -> [Method: [Result]] {
    let ordered = methods.filter { slow.contains($0) } + methods.filter { !slow.contains($0) }
    let jobs = ordered.flatMap { m in seeds.map { (m, $0) } }
    progress("\(jobs.count) runs (\(titles.joined(separator: ", ")); \(seeds.count) seed\(seeds.count == 1 ? "" : "s")) \(runThreadsText)")
    let results = try parallelRuns(jobs) { try run($0.0, $0.1) }
    var runs: [Method: [Result]] = [:]
    for (job, result) in zip(jobs, results) { runs[job.0, default: []].append(result) }
    return runs
}

/// "on 1 thread", "on 2 threads" (`runThreads`); under a course run that has more cores than
/// that, "… (and any core the course leaves free)" (`CoreSlots`).
public var runThreadsText: String {
    let spare = (CoreSlots.fromEnvironment()?.count ?? 0) > runThreads
    return "on \(runThreads) thread\(runThreads == 1 ? "" : "s")" + (spare ? " (and any core the course leaves free)" : "")
}

/// How many threads `parallelRuns` uses of its own.
public var runThreads: Int {
    if let text = ProcessInfo.processInfo.environment["LIFELONG_THREADS"], let n = Int(text), n >= 1 { return n }
    return ProcessInfo.processInfo.activeProcessorCount
}

/// The jobs' shared bookkeeping, behind one lock.
private final class ParallelState<Result>: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private(set) var results: [Result?]
    private(set) var error: (any Error)?

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func nextJob() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard error == nil, next < results.count else { return nil }
        next += 1
        return next - 1
    }

    /// Whether a job is still to start (and none has failed).
    var jobsLeft: Bool { lock.lock(); defer { lock.unlock() }; return error == nil && next < results.count }

    func finish(_ i: Int, _ result: Result) { lock.lock(); results[i] = result; lock.unlock() }
    func fail(_ e: any Error) { lock.lock(); if error == nil { error = e }; lock.unlock() }
}

/// Lets a closure that only reads shared, unchanging values cross into the worker threads.
private struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// Starts `work` on a thread of its own; `pthread_join` on the result waits until it has ended
/// and let go of `work` (a detached `Thread` may still hold its closure for a moment after its
/// last line, which `withoutActuallyEscaping` traps on). Nil if no thread could be made.
private func startThread(_ work: @escaping () -> Void) -> pthread_t? {
    final class Work { let run: () -> Void; init(_ run: @escaping () -> Void) { self.run = run } }
    let argument = Unmanaged.passRetained(Work(work)).toOpaque()
    var thread = pthread_t()
    let started = pthread_create(&thread, nil, { argument in
        Unmanaged<Work>.fromOpaque(argument!).takeRetainedValue().run()
        return nil
    }, argument)
    guard started == 0 else { Unmanaged<Work>.fromOpaque(argument).release(); return nil }
    return thread
}
