import Foundation
import Autograd

/// Handwritten-like digits made on the fly: the default dataset when MNIST is not on disk.
///
/// Each image: pick a digit and one of its styles (`DigitGlyphs.swift`); jitter every key point
/// (an elastic distortion of the skeleton); smooth the strokes; apply a random rotation, shear and
/// aspect; fit the result into a 20-pixel box centred in 28×28 as MNIST does (plus a small random
/// shift); and draw it with a random pen width as an anti-aliased distance field:
///
///     ink(pixel) = clamp(r + ½ − distance(pixel centre, nearest stroke segment), 0, 1) · peak
///
/// Image i depends only on (seed, i): any prefix of a larger set is the smaller set.
public struct SyntheticDigits: Sendable {
    /// Bumped whenever the drawing changes, so stored results name the images they came from.
    public static let version = 1

    /// Scales every random deformation; 1 is calibrated so that the lecture's 784-50-50-50-10 MLP
    /// lands in MNIST's range (see the README, "Built-in digits").
    public var difficulty: Float

    public init(difficulty: Float = 1) { self.difficulty = difficulty }

    /// `count` images drawn from `seed`.
    public func make(count: Int, seed: UInt64) -> DigitSet {
        var images = [Float](repeating: 0, count: count * DigitSet.pixels)
        var labels = [Int](repeating: 0, count: count)
        images.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<count {
                var rng = SeededGenerator(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(i))
                labels[i] = rng.int(below: 10)
                draw(digit: labels[i], using: &rng, into: buffer.baseAddress! + i * DigitSet.pixels)
            }
        }
        return DigitSet(images: images, labels: labels)
    }

    /// The identity to record for a train set and a test set drawn from `seeds`.
    public func identity(trainSeed: UInt64, testSeed: UInt64, size: Int) -> DatasetIdentity {
        DatasetIdentity(name: "synthetic-digits", source: "built-in generator",
                        checksum: "generator v\(SyntheticDigits.version), difficulty \(difficulty), train seed \(trainSeed), test seed \(testSeed)",
                        size: size)
    }

    /// Draws one digit into a zeroed 28×28 buffer.
    func draw(digit: Int, using rng: inout SeededGenerator, into image: UnsafeMutablePointer<Float>) {
        let styles = Glyph.digits[digit]
        let glyph = styles[rng.int(below: styles.count)]
        let segments = placedSegments(glyph, using: &rng)
        let radius = rng.uniform(0.8, 2.0), peak = rng.uniform(0.8, 1)
        for (a, b) in segments { stamp(a, b, radius: radius, peak: peak, into: image) }
    }

    /// The glyph's strokes as segments in pixel coordinates, deformed and placed.
    func placedSegments(_ glyph: Glyph, using rng: inout SeededGenerator) -> [(SIMD2<Float>, SIMD2<Float>)] {
        let d = difficulty
        let points = glyph.points.map { $0 + SIMD2(rng.normal(), rng.normal()) * (0.054 * d) }
        let angle = rng.normal() * 0.216 * d, shear = rng.normal() * 0.243 * d, aspect = 1 + rng.normal() * 0.162 * d
        let (c, s) = (cos(angle), sin(angle))
        let lines: [[SIMD2<Float>]] = glyph.strokes.map { stroke in
            let p = stroke.points.map { points[$0] }
            return (stroke.smooth ? catmullRom(p, steps: 4) : p).map { q in
                let x = (q.x - 0.5) * aspect + shear * (q.y - 0.5), y = q.y - 0.5
                return SIMD2(c * x - s * y, s * x + c * y)
            }
        }
        // Fit the bounding box into 20×20 (aspect kept), centre it, then shift a little.
        let all = lines.flatMap { $0 }
        let lo = all.reduce(SIMD2<Float>(repeating: .infinity)) { pointwiseMin($0, $1) }
        let hi = all.reduce(SIMD2<Float>(repeating: -.infinity)) { pointwiseMax($0, $1) }
        let scale = 20 / max(hi.x - lo.x, hi.y - lo.y, 1e-3)
        let shift = SIMD2(rng.normal(), rng.normal()) * (0.945 * d)
        let centre = SIMD2<Float>(repeating: 14) + shift - (lo + hi) / 2 * scale
        return lines.flatMap { line in
            let q = line.map { $0 * scale + centre }
            return zip(q, q.dropFirst()).map { ($0, $1) }
        }
    }

    /// Inks the pixels within `radius` of the segment a–b (max with what is already there).
    func stamp(_ a: SIMD2<Float>, _ b: SIMD2<Float>, radius: Float, peak: Float, into image: UnsafeMutablePointer<Float>) {
        let reach = radius + 0.5
        let x0 = max(0, Int((min(a.x, b.x) - reach).rounded(.down))), x1 = min(27, Int((max(a.x, b.x) + reach).rounded(.up)))
        let y0 = max(0, Int((min(a.y, b.y) - reach).rounded(.down))), y1 = min(27, Int((max(a.y, b.y) + reach).rounded(.up)))
        guard x0 <= x1, y0 <= y1 else { return }
        let ab = b - a, length2 = max((ab * ab).sum(), 1e-6)
        for y in y0...y1 {
            for x in x0...x1 {
                let p = SIMD2(Float(x) + 0.5, Float(y) + 0.5) - a
                let t = min(max((p * ab).sum() / length2, 0), 1)
                let e = p - ab * t
                let ink = min(max(reach - (e * e).sum().squareRoot(), 0), 1) * peak
                image[y * 28 + x] = max(image[y * 28 + x], ink)
            }
        }
    }
}
