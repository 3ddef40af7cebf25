import Foundation

/// The digits a lesson trains on: real MNIST when it is on disk, the built-in digits otherwise.
public struct DigitData: Sendable {
    public var train: DigitSet
    public var test: DigitSet
    public var identity: DatasetIdentity
    /// One line for the console and the report saying which data this is and why.
    public var note: String

    /// Looks for MNIST in `--data` (`dataOption`), else `LIFELONG_DATA`, else the cache folder.
    /// An explicit `--data` folder without MNIST is an error; otherwise missing MNIST falls back
    /// to `SyntheticDigits` drawn from `seed`. `trainCount`/`testCount` subsample (MNIST) or set the
    /// size (synthetic); nil means MNIST's 60,000 and 10,000.
    public static func load(dataOption: String?, trainCount: Int? = nil, testCount: Int? = nil, seed: UInt64,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DigitData {
        let builtin = dataOption == DataLocation.builtin
        let root = DataLocation.root(option: builtin ? nil : dataOption, environment: environment)
        if !builtin, let folder = DataLocation.mnistFolder(in: root) {
            let mnist = try MNIST.load(from: folder)
            let train = trainCount.map { mnist.train.subsample($0, seed: seed) } ?? mnist.train
            let test = testCount.map { mnist.test.subsample($0, seed: seed &+ 1) } ?? mnist.test
            for (set, name) in [(train, "training"), (test, "test")] where set.count == 0 {
                throw DataFileError(path: folder.path, problem: "holds no \(name) images: a lesson cannot train or be scored on nothing")
            }
            return DigitData(train: train, test: test, identity: mnist.identity,
                             note: "MNIST from \(folder.path) (\(train.count) training, \(test.count) test images)")
        }
        if let dataOption, !dataOption.isEmpty, !builtin {
            throw DataFileError(path: root.path, problem: "holds no MNIST files (train-images-idx3-ubyte[.gz] and the other three); run `lifelong download mnist --data \(dataOption)`")
        }
        if !builtin, dataOption == nil, let variable = environment["LIFELONG_DATA"], !variable.isEmpty {    // a typo never changes the data
            throw DataFileError(path: root.path, problem: "holds no MNIST files, but LIFELONG_DATA names it; fix the variable, unset it, or run `lifelong download mnist`")
        }
        let generator = SyntheticDigits()
        let (trainSeed, testSeed) = (seed &* 2 &+ 1, seed &* 2 &+ 2)
        let train = generator.make(count: trainCount ?? 60_000, seed: trainSeed)
        let test = generator.make(count: testCount ?? 10_000, seed: testSeed)
        return DigitData(train: train, test: test,
                         identity: generator.identity(trainSeed: trainSeed, testSeed: testSeed, size: train.count + test.count),
                         note: builtin ? "built-in synthetic digits (--data builtin)"
                                       : "built-in synthetic digits (no MNIST in \(root.path); `lifelong download mnist` fetches it)")
    }
}
