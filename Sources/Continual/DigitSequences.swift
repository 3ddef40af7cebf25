import Autograd
import Datasets

extension DigitSet: ExampleSet {
    /// Images as `[count, 784]` inputs with their labels.
    public func batch(_ indices: [Int], task: Int) -> Batch {
        let (x, labels) = batch(indices)
        return Batch(inputs: x, labels: labels, tasks: Array(repeating: task, count: indices.count))
    }

    /// The images' rows, fetched during the current step's products (see `Tensor.prefetchRows`).
    public func prefetch(_ indices: [Int]) { tensor.prefetchRows(indices) }
}

/// Digit task sequences built from one data set: each task draws its own subsample of the
/// training and test images, then transforms them.
public enum DigitSequences {
    /// `count` permuted-digit tasks (task 1 = plain digits), each from its own subsample.
    public static func permuted(_ data: DigitData, count: Int, trainPerTask: Int, testPerTask: Int, seed: UInt64) -> [ContinualTask] {
        let permutations = DigitTasks.permutations(count: count, seed: seed)
        return make(names: (1...count).map { "Task \($0)" }, data, trainPerTask, testPerTask, seed) { DigitTasks.permuted($0, permutations[$1]) }
    }

    /// One rotated-digit task per angle.
    public static func rotated(_ data: DigitData, degrees: [Float], trainPerTask: Int, testPerTask: Int, seed: UInt64) -> [ContinualTask] {
        make(names: degrees.map { "\(Int($0))°" }, data, trainPerTask, testPerTask, seed) { DigitTasks.rotated($0, degrees: degrees[$1]) }
    }

    static func make(names: [String], _ data: DigitData, _ trainCount: Int, _ testCount: Int, _ seed: UInt64,
                     _ transform: (DigitSet, Int) -> DigitSet) -> [ContinualTask] {
        names.indices.map { i in
            ContinualTask(name: names[i], train: transform(data.train.subsample(trainCount, seed: seed &+ UInt64(i)), i),
                          test: transform(data.test.subsample(testCount, seed: seed &+ 100 &+ UInt64(i)), i))
        }
    }
}
