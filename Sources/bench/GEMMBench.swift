import CKernels
import Foundation

/// Times only the matrix products of a training step of the 784-50-50-50-10 MLP: 4 forward
/// (X·W), 4 weight gradients (Xᵀ·∂Y) and 3 input gradients (∂Y·Wᵀ; the input needs none).
/// Runs our kernel and, when the system has it, OpenBLAS's `cblas_sgemm` on the same buffers.
/// OpenBLAS is loaded at run time, so it is measured without being a build dependency; set
/// `OPENBLAS_CORETYPE` in the environment to choose its kernels (see README, Performance).
struct GEMMBench {
    let samples: Int, runs: Int
    let widths = [784, 50, 50, 50, 10]

    typealias SGEMM = @convention(c) (Int32, Int32, Int32, Int32, Int32, Int32, Float,
                                      UnsafePointer<Float>?, Int32, UnsafePointer<Float>?, Int32,
                                      Float, UnsafeMutablePointer<Float>?, Int32) -> Void

    func report(_ batches: [Int]) throws {
        let openBLAS = loadOpenBLAS()
        print("batch  ours samples/s  " + (openBLAS == nil ? "(OpenBLAS not installed)" : "OpenBLAS samples/s (core type \(ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] ?? "auto"))"))
        for b in batches {
            let ours = median(b) { ta, tb, m, n, k, a, lda, bb, ldb, c, ldc in
                lf_sgemm(ta, tb, m, n, k, 1, a, lda, bb, ldb, 0, c, ldc)
            }
            var line = String(format: "%5d  %14.0f", b, ours)
            if let sgemm = openBLAS {
                let theirs = median(b) { ta, tb, m, n, k, a, lda, bb, ldb, c, ldc in   // CblasRowMajor = 101
                    sgemm(101, ta == 1 ? 112 : 111, tb == 1 ? 112 : 111, m, n, k, 1, a, lda, bb, ldb, 0, c, ldc)
                }
                line += String(format: "  %18.0f", theirs)
            }
            print(line)
        }
    }

    func loadOpenBLAS() -> SGEMM? {
        guard let handle = dlopen("libopenblas.so.0", RTLD_NOW) ?? dlopen("libopenblas.so", RTLD_NOW),
              let symbol = dlsym(handle, "cblas_sgemm") else { return nil }
        if let threads = dlsym(handle, "openblas_set_num_threads") {
            unsafeBitCast(threads, to: (@convention(c) (Int32) -> Void).self)(1)
        }
        return unsafeBitCast(symbol, to: SGEMM.self)
    }

    typealias Product = (Int32, Int32, Int32, Int32, Int32, UnsafePointer<Float>, Int32,
                         UnsafePointer<Float>, Int32, UnsafeMutablePointer<Float>, Int32) -> Void

    /// Median samples/s over `runs` epochs of GEMM-only steps, after a warm-up epoch.
    func median(_ batch: Int, _ gemm: Product) -> Double {
        let b = Int32(batch), w = widths.map { Int32($0) }
        var x = [Float](repeating: 0.5, count: batch * 784)
        var weights = (0..<4).map { [Float](repeating: 0.01, count: widths[$0] * widths[$0 + 1]) }
        var grads = weights
        var acts = widths.map { [Float](repeating: 0, count: batch * $0) }
        var deltas = acts
        func step() {
            for l in 0..<4 {            // forward: H[l+1] = H[l]·W[l]
                let input = l == 0 ? x : acts[l]
                gemm(0, 0, b, w[l + 1], w[l], input, w[l], weights[l], w[l + 1], &acts[l + 1], w[l + 1])
            }
            for l in (0..<4).reversed() {  // ∂W[l] = H[l]ᵀ·∂H[l+1];  ∂H[l] = ∂H[l+1]·W[l]ᵀ
                let input = l == 0 ? x : acts[l]
                gemm(1, 0, w[l], w[l + 1], b, input, w[l], deltas[l + 1], w[l + 1], &grads[l], w[l + 1])
                if l > 0 { gemm(0, 1, b, w[l], w[l + 1], deltas[l + 1], w[l + 1], weights[l], w[l + 1], &deltas[l], w[l]) }
            }
        }
        func epoch() -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<(samples / batch) { step() }
            return Double(samples / batch * batch) / (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        _ = epoch()
        x[0] = 0.5; weights[0][0] = 0.01
        let rates = (0..<runs).map { _ in epoch() }.sorted()
        return rates[rates.count / 2]
    }
}
