import Autograd
import Datasets
import Testing

@Suite("Task builders")
struct DigitTaskTests {
    let clean = SyntheticDigits().make(count: 300, seed: 3)

    @Test func corruptionIsSeededBoundedAndStrengthControlled() {
        let weak = Corruption(noise: 0.1), strong = Corruption(noise: 0.6, occlusionChance: 1, occlusionSize: 10)
        let a = DigitTasks.corrupted(clean, strong, seed: 1), b = DigitTasks.corrupted(clean, strong, seed: 1)
        #expect(a.images == b.images && a.labels == clean.labels)
        #expect(DigitTasks.corrupted(clean, strong, seed: 2).images != a.images)
        #expect(a.images.allSatisfy { $0 >= 0 && $0 <= 1 })
        func distance(_ s: DigitSet) -> Float { zip(s.images, clean.images).map { abs($0 - $1) }.reduce(0, +) / Float(s.images.count) }
        #expect(distance(DigitTasks.corrupted(clean, weak, seed: 1)) < distance(a))
        #expect(DigitTasks.corrupted(clean, Corruption(noise: 0), seed: 1).images == clean.images)
        // Full occlusion chance: every image has a 10×10 blank square somewhere.
        let blanked = DigitTasks.corrupted(clean, Corruption(noise: 0, occlusionChance: 1, occlusionSize: 10), seed: 4)
        #expect(zip(blanked.images, clean.images).filter { $0 != $1 }.allSatisfy { $0.0 == 0 })
    }

    /// Noise without salt draws each image's 784 values as one block (`fillNormal`); the images must
    /// be the bits of drawing them pixel by pixel, occlusion draws after each image included.
    @Test func blockNoiseHasTheBitsOfPixelByPixelNoise() {
        let corruption = Corruption(noise: 0.33, occlusionChance: 0.5, occlusionSize: 10)
        var rng = SeededGenerator(seed: 7), images = clean.images
        for i in 0..<clean.count {
            let base = i * DigitSet.pixels
            for p in 0..<DigitSet.pixels { images[base + p] = min(max(images[base + p] + 0.33 * rng.normal(), 0), 1) }
            if rng.nextFloat() < 0.5 {
                let x0 = rng.int(below: 19), y0 = rng.int(below: 19)
                for y in y0..<(y0 + 10) { for x in x0..<(x0 + 10) { images[base + y * 28 + x] = 0 } }
            }
        }
        #expect(DigitTasks.corrupted(clean, corruption, seed: 7).images.map(\.bitPattern) == images.map(\.bitPattern))
    }

    @Test func permutationsArePermutationsAndFixedPerSeed() {
        let perms = DigitTasks.permutations(count: 5, seed: 9)
        #expect(perms[0] == Array(0..<784))
        for p in perms { #expect(p.sorted() == Array(0..<784)) }
        #expect(Set(perms.map { $0 }).count == 5)
        #expect(DigitTasks.permutations(count: 5, seed: 9) == perms)
        let shuffled = DigitTasks.permuted(clean, perms[1])
        #expect(shuffled.images[784 + 10] == clean.images[784 + perms[1][10]])
        #expect(shuffled.labels == clean.labels)
    }

    @Test func rotationByQuarterTurnsIsExactAndInvertible() {
        var r = clean
        for _ in 0..<4 { r = DigitTasks.rotated(r, degrees: 90) }
        #expect(zip(r.images, clean.images).allSatisfy { abs($0 - $1) < 1e-5 })
        let quarter = DigitTasks.rotated(clean, degrees: 90)
        #expect(quarter.images != clean.images && quarter.labels == clean.labels)
        #expect(DigitTasks.rotated(clean, degrees: 0).images == clean.images)
    }

    @Test(arguments: Scenario.allCases)
    func splitDigitsHaveTheScenariosLabelSpaces(_ scenario: Scenario) {
        let tasks = DigitTasks.split(clean, scenario: scenario)
        #expect(tasks.count == 5)
        #expect(tasks.map(\.count).reduce(0, +) == clean.count)
        for (t, task) in tasks.enumerated() {
            switch scenario {
            case .taskIncremental, .domainIncremental:
                #expect(task.classCount == 2 && Set(task.labels).isSubset(of: [0, 1]))
            case .classIncremental:
                #expect(task.classCount == 10 && Set(task.labels).isSubset(of: [2 * t, 2 * t + 1]))
            }
        }
    }

    @Test func subsampleAndSplitAreFixedPerSeedAndDisjoint() {
        #expect(clean.subsample(50, seed: 1).images == clean.subsample(50, seed: 1).images)
        #expect(clean.subsample(50, seed: 1).images != clean.subsample(50, seed: 2).images)
        let (train, validation) = clean.split(validationFraction: 0.2, seed: 4)
        #expect(train.count == 240 && validation.count == 60)
        let rows = { (s: DigitSet) in Set((0..<s.count).map { Array(s.images[($0 * 784)..<(($0 + 1) * 784)]) }) }
        #expect(rows(train).isDisjoint(with: rows(validation)))
    }

    @Test func batchesHoldTheRowsAskedForAndTheWholeSetInOrderIsShared() {
        let picked = clean.batch([5, 0, 5])
        #expect(picked.x.shape == [3, 784] && picked.labels == [clean.labels[5], clean.labels[0], clean.labels[5]])
        #expect(Array(picked.x.data[784..<1568]) == Array(clean.images[0..<784]))
        let whole = clean.batch(Array(0..<clean.count))
        #expect(whole.x.shape == [clean.count, 784] && whole.x.data == clean.images && whole.labels == clean.labels)
        #expect(whole.x.data.withUnsafeBufferPointer { a in clean.images.withUnsafeBufferPointer { $0.baseAddress == a.baseAddress } })
        whole.x.data[0] = 7                          // a copy on write: the set keeps its images
        #expect(clean.images[0] != 7)
        let reversed = clean.batch(Array((0..<clean.count).reversed()))
        #expect(Array(reversed.x.data[0..<784]) == Array(clean.images[((clean.count - 1) * 784)...]))
    }
}
