/// The one random generator behind every random choice in LifeLong (weights, shuffles, dropout,
/// noise, synthetic data): **xoshiro256\*\*** (Blackman & Vigna, "Scrambled linear pseudorandom
/// number generators", 2018), its 256-bit state filled from the seed by **SplitMix64**.
///
/// Every draw below is written out here rather than taken from the standard library, so a seed
/// gives the same numbers whatever the Swift version.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0, s1, s2, s3: UInt64

    public init(seed: UInt64) {
        var sm = seed
        func splitMix() -> UInt64 {
            sm &+= 0x9E37_79B9_7F4A_7C15
            var z = sm
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        (s0, s1, s2, s3) = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    /// The next 64 random bits: `rotl(s1 · 5, 7) · 9`, then the xorshift state update.
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A generator for a sub-task (one lesson stage, one data split) whose stream does not overlap
    /// this one's in practice: seeded from this generator's next draw and a label.
    public mutating func fork(_ label: UInt64 = 0) -> SeededGenerator {
        SeededGenerator(seed: next() ^ (label &* 0xD1B5_4A32_D192_ED03))
    }

    // MARK: - Draws

    /// Uniform in [0, 1): the top 24 bits, so every value is an exact Float.
    public mutating func nextFloat() -> Float { Float(next() >> 40) * 0x1p-24 }

    /// Uniform in [low, high).
    public mutating func uniform(_ low: Float, _ high: Float) -> Float { low + (high - low) * nextFloat() }

    /// Standard normal, by the Box–Muller transform: √(−2 ln u₁) · cos(2π u₂), u₁ ∈ (0, 1].
    public mutating func normal() -> Float {
        let u1 = Double(next() >> 11 + 1) * 0x1p-53
        let u2 = Double(next() >> 11) * 0x1p-53
        return Float((-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2))
    }

    /// `normal() * scale` for each element of `out`, in order: the same draws and the same bits,
    /// computed a block at a time in C (`lf_normals_from_bits`, ~4× faster with AVX2: a VAE draws
    /// its noise this way every step).
    public mutating func fillNormal(_ out: UnsafeMutableBufferPointer<Float>, scale: Float = 1) {
        let block = 512
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * block) { words in
            var start = 0
            while start < out.count {
                let n = min(block, out.count - start)
                for j in 0..<(2 * n) { words[j] = next() }
                lf_normals_from_bits(n, words.baseAddress, scale, out.baseAddress! + start)
                start += n
            }
        }
    }

    /// Uniform in 0..<n, unbiased (Lemire's multiply-and-reject).
    public mutating func int(below n: Int) -> Int {
        precondition(n > 0, "int(below:) needs a positive bound")
        let bound = UInt64(n)
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
        }
        return Int(m.high)
    }

    /// Shuffles in place (Fisher–Yates).
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(i, int(below: i + 1))
        }
    }

    /// A uniformly random ordering of 0..<n.
    public mutating func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        shuffle(&p)
        return p
    }
}

// Foundation-free libm access, so Autograd needs only the standard library and CKernels.
import CKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@inline(__always) func _log(_ x: Double) -> Double { log(x) }
@inline(__always) func _cos(_ x: Double) -> Double { cos(x) }
