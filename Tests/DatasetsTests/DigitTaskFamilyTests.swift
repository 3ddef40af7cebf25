import Autograd
import Datasets
import Testing

@Suite("The digit task family: image tasks and label tasks from the same images")
struct DigitTaskFamilyTests {
    let digits = SyntheticDigits().make(count: 60, seed: 3)

    @Test func labelTasksKeepThePixelsAndAskAnotherQuestion() {
        let parity = DigitTaskKind.parity.make(digits, seed: 1), large = DigitTaskKind.large.make(digits, seed: 1)
        #expect(parity.images == digits.images && large.images == digits.images)
        #expect(parity.classCount == 2 && parity.labels == digits.labels.map { $0 % 2 })
        #expect(large.classCount == 2 && large.labels == digits.labels.map { $0 >= 5 ? 1 : 0 })
        #expect(DigitTaskKind.allCases.filter { $0.classes == 2 } == [.parity, .large])
    }

    @Test func imageTasksKeepTheLabelsAndChangeThePixels() {
        for kind in DigitTaskKind.allCases where kind.classes == 10 {
            let task = kind.make(digits, seed: 1)
            #expect(task.labels == digits.labels && task.classCount == 10 && task.images.count == digits.images.count, "\(kind)")
            #expect((task.images != digits.images) == (kind != .clean), "\(kind)")
            #expect(task.images.allSatisfy { $0 >= 0 && $0 <= 1 }, "\(kind): pixels stay in [0, 1]")
        }
        let inverted = DigitTaskKind.inverted.make(digits, seed: 1)
        #expect(zip(inverted.images, digits.images).allSatisfy { $0 + $1 == 1 })
        // Upside down twice is the image again (bilinear at 180° lands on pixel centres).
        let twice = DigitTaskKind.upsideDown.make(DigitTaskKind.upsideDown.make(digits, seed: 1), seed: 1)
        #expect(zip(twice.images, digits.images).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    @Test func theSeedFixesNoiseAndPermutation() {
        for kind in [DigitTaskKind.noisy, .permuted] {
            #expect(kind.make(digits, seed: 4).images == kind.make(digits, seed: 4).images, "\(kind)")
            #expect(kind.make(digits, seed: 4).images != kind.make(digits, seed: 5).images, "\(kind)")
        }
    }
}
