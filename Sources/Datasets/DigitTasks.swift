import Foundation
import Autograd

/// How labels are presented in a split-digits sequence (van de Ven & Tolias, "Three scenarios for
/// continual learning", 2019):
/// - task-incremental: each task's two classes are labelled 0 and 1, and the task is known;
/// - domain-incremental: labelled 0 and 1 ("first or second of the pair"), task unknown;
/// - class-incremental: the original labels 0...9, task unknown.
public enum Scenario: String, Codable, Sendable, CaseIterable {
    case taskIncremental = "task-incremental"
    case domainIncremental = "domain-incremental"
    case classIncremental = "class-incremental"
}

/// A seeded corruption that turns clean digits into the lecture's "noisy" Task 1. Per image:
///
///     1. x' = clamp(x + noise·N(0, 1), 0, 1)                      Gaussian noise on every pixel
///     2. each pixel, with probability `salt`, becomes U[0.5, 1]    salt: bright specks
///     3. with probability `occlusionChance`, a random square of side `occlusionSize` is blanked
///
/// Its strength is the forgetting lesson's main knob.
public struct Corruption: Codable, Equatable, Sendable {
    public var noise: Float
    public var salt: Float
    public var occlusionChance: Float
    public var occlusionSize: Int

    public init(noise: Float, salt: Float = 0, occlusionChance: Float = 0, occlusionSize: Int = 0) {
        (self.noise, self.salt, self.occlusionChance, self.occlusionSize) = (noise, salt, occlusionChance, occlusionSize)
    }
}

/// Builders for the task sequences the lessons use. Every one is deterministic for its seed.
public enum DigitTasks {
    /// The set with `corruption` applied to every image.
    public static func corrupted(_ set: DigitSet, _ corruption: Corruption, seed: UInt64) -> DigitSet {
        var rng = SeededGenerator(seed: seed)
        var images = set.images
        let side = DigitSet.side
        var noise = [Float](repeating: 0, count: DigitSet.pixels)
        for i in 0..<set.count {
            let base = i * DigitSet.pixels
            if corruption.noise > 0, corruption.salt == 0 {   // an image's draws in a row: one block
                noise.withUnsafeMutableBufferPointer { rng.fillNormal($0, scale: corruption.noise) }
                for p in 0..<DigitSet.pixels { images[base + p] = min(max(images[base + p] + noise[p], 0), 1) }
            } else {
                for p in 0..<DigitSet.pixels {
                    if corruption.noise > 0 { images[base + p] = min(max(images[base + p] + corruption.noise * rng.normal(), 0), 1) }
                    if corruption.salt > 0, rng.nextFloat() < corruption.salt { images[base + p] = rng.uniform(0.5, 1) }
                }
            }
            let size = min(corruption.occlusionSize, side)
            if size > 0, rng.nextFloat() < corruption.occlusionChance {
                let x0 = rng.int(below: side - size + 1), y0 = rng.int(below: side - size + 1)
                for y in y0..<(y0 + size) { for x in x0..<(x0 + size) { images[base + y * side + x] = 0 } }
            }
        }
        return DigitSet(images: images, labels: set.labels, classCount: set.classCount)
    }

    /// `count` fixed pixel permutations, the first the identity when `identityFirst` (the usual
    /// "task 1 is plain digits").
    public static func permutations(count: Int, seed: UInt64, identityFirst: Bool = true) -> [[Int]] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { t in
            t == 0 && identityFirst ? Array(0..<DigitSet.pixels) : rng.permutation(DigitSet.pixels)
        }
    }

    /// The set with every image's pixels reordered: pixel p of the result is pixel `permutation[p]`.
    public static func permuted(_ set: DigitSet, _ permutation: [Int]) -> DigitSet {
        precondition(permutation.sorted() == Array(0..<DigitSet.pixels), "not a permutation of the 784 pixels")
        var images = [Float](repeating: 0, count: set.images.count)
        for i in 0..<set.count {
            let base = i * DigitSet.pixels
            for p in 0..<DigitSet.pixels { images[base + p] = set.images[base + permutation[p]] }
        }
        return DigitSet(images: images, labels: set.labels, classCount: set.classCount)
    }

    /// The set rotated by `degrees` (counter-clockwise) about the image centre, bilinear, with
    /// zeros where the rotated image leaves the frame.
    public static func rotated(_ set: DigitSet, degrees: Float) -> DigitSet {
        let a = degrees * .pi / 180, (c, s) = (cos(a), sin(a)), mid: Float = 13.5
        var images = [Float](repeating: 0, count: set.images.count)
        for y in 0..<28 {
            for x in 0..<28 {
                // Source point: rotate the destination back by −a.
                let dx = Float(x) - mid, dy = Float(y) - mid
                let sx = c * dx - s * dy + mid, sy = s * dx + c * dy + mid
                let x0 = Int(sx.rounded(.down)), y0 = Int(sy.rounded(.down)), fx = sx - Float(x0), fy = sy - Float(y0)
                for i in 0..<set.count {
                    let base = i * DigitSet.pixels
                    func at(_ u: Int, _ v: Int) -> Float { u < 0 || v < 0 || u > 27 || v > 27 ? 0 : set.images[base + v * 28 + u] }
                    images[base + y * 28 + x] = (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0))
                        + fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1))
                }
            }
        }
        return DigitSet(images: images, labels: set.labels, classCount: set.classCount)
    }

    /// Split digits: one task per group of classes (default 0/1, 2/3, 4/5, 6/7, 8/9), labelled for
    /// `scenario`.
    public static func split(_ set: DigitSet, groups: [[Int]] = [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]],
                             scenario: Scenario) -> [DigitSet] {
        groups.map { group in
            let indices = set.labels.indices.filter { group.contains(set.labels[$0]) }
            var task = set.subset(indices)
            switch scenario {
            case .taskIncremental, .domainIncremental:
                task.labels = task.labels.map { group.firstIndex(of: $0)! }
                task.classCount = group.count
            case .classIncremental:
                task.classCount = set.classCount
            }
            return task
        }
    }
}
