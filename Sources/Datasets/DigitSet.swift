import Autograd
import Foundation

/// Which data a result came from, recorded in every report and `results.json`.
public struct DatasetIdentity: Codable, Equatable, Sendable {
    /// "MNIST" or "synthetic-digits".
    public var name: String
    /// Where it came from: a folder for MNIST, "built-in generator" for synthetic digits.
    public var source: String
    /// SHA-256 of each file read (MNIST), or the generator's version and seed (synthetic).
    public var checksum: String
    /// How many images were drawn or read, train and test together.
    public var size: Int

    public init(name: String, source: String, checksum: String, size: Int) {
        (self.name, self.source, self.checksum, self.size) = (name, source, checksum, size)
    }
}

/// 28×28 grey images in [0, 1] with integer labels: what every digits lesson trains and tests on.
public struct DigitSet: Sendable {
    public static let side = 28
    public static let pixels = 784

    /// `count × 784` values, one image after another, row by row.
    public var images: [Float]
    /// One label per image, in `0..<classCount`.
    public var labels: [Int]
    /// The size of the label space (10 for digits; 2 for a task- or domain-incremental split task).
    public var classCount: Int

    public init(images: [Float], labels: [Int], classCount: Int = 10) {
        precondition(images.count == labels.count * DigitSet.pixels, "\(images.count) values for \(labels.count) images")
        (self.images, self.labels, self.classCount) = (images, labels, classCount)
    }

    public var count: Int { labels.count }

    /// All images as a `[count, 784]` tensor.
    public var tensor: Tensor { Tensor(shape: [count, DigitSet.pixels], data: images) }

    /// The images and labels at `indices` (a mini-batch, a subset). The whole set in storage order
    /// (a test set scored in one chunk) shares the images instead of copying them.
    public func batch(_ indices: [Int]) -> (x: Tensor, labels: [Int]) {
        if indices.count == count, indices.elementsEqual(0..<count) { return (tensor, labels) }
        return (tensor.gatherRows(indices), indices.map { labels[$0] })
    }

    /// A new set holding the images at `indices`, in that order.
    public func subset(_ indices: [Int]) -> DigitSet {
        var out = [Float]()
        out.reserveCapacity(indices.count * DigitSet.pixels)
        for i in indices { out.append(contentsOf: images[(i * DigitSet.pixels)..<((i + 1) * DigitSet.pixels)]) }
        return DigitSet(images: out, labels: indices.map { labels[$0] }, classCount: classCount)
    }

    /// The sets one after another (multi-task training's "all the data so far").
    public static func concatenated(_ sets: [DigitSet]) -> DigitSet {
        precondition(!sets.isEmpty, "nothing to concatenate")
        return DigitSet(images: sets.flatMap(\.images), labels: sets.flatMap(\.labels), classCount: sets.map(\.classCount).max()!)
    }

    /// The first `n` images of a fixed shuffle of this set (all of them when `n` ≥ count).
    public func subsample(_ n: Int, seed: UInt64) -> DigitSet {
        var rng = SeededGenerator(seed: seed)
        return subset(Array(rng.permutation(count).prefix(n)))
    }

    /// A fixed split for honest reporting: a shuffle by `seed`, then the last
    /// `validationFraction` of it held out for validation.
    public func split(validationFraction: Double, seed: UInt64) -> (train: DigitSet, validation: DigitSet) {
        precondition(validationFraction >= 0 && validationFraction < 1, "validation fraction must be in [0, 1)")
        var rng = SeededGenerator(seed: seed)
        let order = rng.permutation(count)
        let held = Int((Double(count) * validationFraction).rounded())
        return (subset(Array(order.dropLast(held))), subset(Array(order.suffix(held))))
    }

    /// How many images each label has.
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classCount)
        for l in labels { counts[l] += 1 }
        return counts
    }
}
