import Foundation

/// When the last of the work ends if `running` jobs hold slots for the given seconds and each
/// `pending` job, in order, takes the first slot to free up.
public func listScheduleFinish(running: [Double], pending: [Double], slots: Int) -> Double {
    var free = (running + Array(repeating: 0, count: max(0, slots - running.count))).sorted()
    guard !free.isEmpty else { return pending.reduce(0, +) }
    for work in pending {
        free[0] += work
        free.sort()
    }
    return free.last ?? 0
}

/// 75 → "1:15".
public func clock(_ seconds: Double) -> String {
    let s = Int(max(0, seconds).rounded())
    return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
}

/// How much slower each lesson runs than its measured time before any has finished. A lesson's
/// measured time (`course --jobs 1`) had every core, but kept them only `coresBusyAlone` busy (the
/// end of its runs, its plots and report run on fewer), so k lessons side by side each take about
/// k · `coresBusyAlone` times as long, at least their own time (k = the lessons at once, at most those left).
public func sharedCoresSlowdown(parallel: Int, lessons: Int) -> Double {
    max(1, coresBusyAlone * Double(max(1, min(parallel, lessons))))
}

/// The share of the cores a lesson alone keeps busy, from a whole course one lesson at a time on 2
/// cores: CPU time ÷ (wall time × cores) = 549 s ÷ (310 s × 2) = 0.885. Two at a time, the
/// lessons took 539 s in all against those 310 s: 1.74× each, where 2 × 0.88 = 1.76.
public let coresBusyAlone = 0.88

/// The order to start jobs in: the longest `expected` first (ties in the order given). A long
/// lesson started last would run on alone while the other cores wait (longest-processing-time-first
/// list scheduling).
public func longestFirst(_ expected: [Double]) -> [Int] {
    expected.indices.sorted { (expected[$0], $1) > (expected[$1], $0) }
}

/// `LIFELONG_THREADS` for each of `parallel` lessons sharing `cores`: the cores split between them
/// (at least 1), so that k lessons do not run k times as many threads as there are cores — each
/// lesson's runs give the same results whatever their threads. Nil when `environment` already sets
/// it: the user's choice is passed on as it is.
public func threadsPerLesson(cores: Int, parallel: Int, environment: [String: String]) -> Int? {
    environment["LIFELONG_THREADS"] == nil ? max(1, cores / max(1, parallel)) : nil
}
