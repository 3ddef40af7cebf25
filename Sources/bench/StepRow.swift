import Foundation

/// A row of training steps (MemN2N, VAE): one warm-up pass, then `runs` timed passes of `steps`
/// steps each; prints examples/s (median, min … max), µs a step and what the row measured.
struct StepRow {
    let name: String
    let batch: Int, steps: Int, runs: Int

    func measure(detail: String, _ step: (Int) -> Void) {
        func pass() -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            for s in 0..<steps { step(s) }
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3 / Double(steps)
        }
        _ = pass()
        let times = (0..<runs).map { _ in pass() }.sorted()
        let median = times[times.count / 2], rate = { Double(batch) / $0 * 1e6 }
        print(String(format: "%-9@ %6d  %9.0f  (%.0f … %.0f)  %8.1f  (%@)", name as NSString, batch, rate(median),
                     rate(times.last!), rate(times.first!), median, detail as NSString))
    }
}
