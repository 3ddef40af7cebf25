// bench: how fast the engine trains the lecture's network, in samples per second.
//
// The workload is fixed so that a peer (Sources/bench/peer/torch_mlp.py) can run the same one:
// one epoch of 60,000 random 784-dim inputs with random labels through the 784-50-50-50-10 ReLU
// MLP, softmax cross-entropy, SGD lr 0.1 (and Adam lr 1e-3), one thread, after a warm-up epoch;
// the median over several timed epochs. `--gemm-only` times just the 11 GEMMs of each step.

import ArgumentParser
import Autograd
import CKernels
import Continual
import Datasets
import Foundation
import LessonKit
import NN

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Training throughput of the 784-50-50-50-10 MLP (samples/s).")

    @Option(help: "Batch sizes for SGD, comma-separated.") var batches = "32,64,128,256"
    @Option(help: "Timed epochs per setting (the median is reported).") var runs = 3
    @Option(help: "Samples per epoch.") var samples = 60_000
    @Flag(help: "Skip Adam at batch 128.") var noAdam = false
    @Flag(help: "Only the MemN2N row: training steps at the babi lesson's shapes.") var memn2n = false
    @Flag(help: "Only the VAE row: training steps at the replay lesson's shapes.") var vae = false
    @Flag(help: "Only the rows a peer runs too (SGD, Adam, MemN2N, VAE): what compare.sh reads.") var peerRows = false
    @Flag(help: "Time only the 11 GEMMs of each step (forward, ∂W, ∂X), ours and OpenBLAS's if installed.")
    var gemmOnly = false
    @Option(help: "Force a GEMM kernel: avx512, avx2 or generic.") var kernel: String?
    @Flag(help: "Take batches in storage order instead of a fresh shuffle each epoch.") var sequential = false
    @Flag(help: "Measure the built-in digits instead: drawing speed and the MLP's accuracy per epoch.") var digits = false
    @Option(help: "With --digits: a folder holding MNIST, to compare against.") var data: String?
    @Option(help: "With --digits: the generator's difficulty.") var difficulty: Float = 1
    @Option(help: "With --digits: epochs of training.") var epochs = 5

    func run() throws {
        if let kernel, lf_sgemm_force_isa(kernel) == 0 { throw ValidationError("this CPU cannot run the \(kernel) kernel") }
        let sizes = batches.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        print("LifeLong \(LifeLong.version) bench · kernel \(gemmKernelName) · \(samples) samples/epoch\(sequential ? " in order" : " shuffled") · median of \(runs)")
        if gemmOnly { return try GEMMBench(samples: samples, runs: runs).report(sizes) }
        if memn2n { return try MemN2NBench(runs: runs).report() }
        if vae { return VAEBench(runs: runs).report(RandomDigits(samples: samples)) }
        if digits {
            return try DigitsBench(trainCount: samples, testCount: 10_000, epochs: epochs, difficulty: difficulty, dataFolder: data).report()
        }
        var data = RandomDigits(samples: samples)
        print("optimizer  batch  samples/s  (min … max)      µs/step")
        for b in sizes { report("SGD", b, measure(batch: b, data: &data) { SGD($0, learningRate: 0.1) }) }
        if !noAdam { report("Adam", 128, measure(batch: 128, data: &data) { Adam($0, learningRate: 1e-3) }) }
        if peerRows {
            try MemN2NBench(runs: runs).report()
            VAEBench(runs: runs).report(data)
        } else if !sequential {
            let plain = try measureLearner(batch: 128, data: data)
            report("Learner", 128, plain)
            // A guard's cost per step: its penalty (and SI's per-step path integral) after a first task;
            // EWC's Fisher from one example so that the rows time steps, not the estimate.
            let ewc = try measureLearner(batch: 128, data: data) { QuadraticPenalty(lambda: 1, estimator: EWCImportance(samples: 1, rng: SeededGenerator(seed: 2))) }
            report("+EWC", 128, ewc, against: plain)
            report("+SI", 128, try measureLearner(batch: 128, data: data) { QuadraticPenalty(lambda: 1, estimator: SIImportance()) }, against: plain)
            try reportMemorySteps(data: data)
            try MemN2NBench(runs: runs).report()
            VAEBench(runs: runs).report(data)
        }
    }

    /// The same SGD epochs through `Continual`'s `Learner` (the loop every lesson trains with,
    /// strategy hooks and the finite-loss check included, no strategy), to show what the loop costs.
    /// With `guarded`, that strategy is on: the warm-up epoch ends its first task, so the timed
    /// epochs pay for its penalty.
    func measureLearner(batch: Int, data: RandomDigits, guarded: (() -> any Strategy)? = nil) throws -> [Double] {
        var rng = SeededGenerator(seed: 0)
        let set = DigitSet(images: data.images.data, labels: data.labels)
        let learner = Learner(model: MLP([784, 50, 50, 50, 10], using: &rng),
                              plan: TrainingPlan(epochs: 1, batchSize: batch, optimizer: .sgd(learningRate: 0.1)), strategies: guarded.map { [$0()] } ?? [])
        func epoch() throws -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            try learner.learn(TaskInfo(id: 0, stage: 0, name: "random digits", train: set), using: &rng)
            return Double(samples / batch * batch) / (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        _ = try epoch()
        return try (0..<runs).map { _ in try epoch() }
    }

    /// GEM and A-GEM with 19 earlier tasks of 256 memories each (the gem lesson's last task of 20):
    /// 30 steps at batch 128, µs per step against the same steps without a strategy.
    func reportMemorySteps(data: RandomDigits) throws {
        let set = DigitSet(images: Array(data.images.data.prefix(30 * 128 * 784)), labels: Array(data.labels.prefix(30 * 128)))
        func microseconds(_ make: () -> (any Strategy)?) throws -> Double {
            var rng = SeededGenerator(seed: 0)
            let model = MLP([784, 50, 50, 50, 10], using: &rng), strategy = make()
            for id in 1...19 {
                try strategy?.endTask(TaskContext(model: model, task: TaskInfo(id: id, stage: id - 1, name: "memory", train: set), objective: .classification, step: 0))
            }
            let learner = Learner(model: model, plan: TrainingPlan(epochs: 1, batchSize: 128, optimizer: .sgd(learningRate: 0.1)), strategies: strategy.map { [$0] } ?? [])
            let times = try (0..<runs).map { _ in
                let start = DispatchTime.now().uptimeNanoseconds
                try learner.learn(TaskInfo(id: 0, stage: 19, name: "task 20", train: set), using: &rng)
                return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3 / 30
            }
            return times.sorted()[times.count / 2]
        }
        let plain = try microseconds { nil }
        for (name, make) in [("+GEM 19", { GEM(memoriesPerTask: 256) as any Strategy }), ("+A-GEM", { AGEM(memoriesPerTask: 256, rng: SeededGenerator(seed: 3)) as any Strategy })] {
            let t = try microseconds(make)
            print(String(format: "%-9@ %6d  %27.1f  (%.1f× a plain step, 19 tasks × 256 memories)", name as NSString, 128, t, t / plain))
        }
    }

    func report(_ name: String, _ batch: Int, _ rates: [Double], against base: [Double]? = nil) {
        let sorted = rates.sorted(), median = sorted[sorted.count / 2]
        var line = String(format: "%-9@ %6d  %9.0f  (%.0f … %.0f)  %8.1f", name as NSString, batch, median,
                          sorted.first!, sorted.last!, 1e6 * Double(batch) / median)
        if let base { line += String(format: "  (%.2f× a plain step)", base.sorted()[base.count / 2] / median) }
        print(line)
    }

    /// Samples/s of each timed epoch, after one warm-up epoch. Each step names the next batch's
    /// rows (`prefetchRows`) after taking its own, as `Learner` does.
    func measure(batch: Int, data: inout RandomDigits, optimizer make: ([Tensor]) -> any Optimizer) -> [Double] {
        var rng = SeededGenerator(seed: 0)
        let model = MLP([784, 50, 50, 50, 10], using: &rng)
        let optimizer = make(model.parameters)
        func epoch() -> Double {
            let order = sequential ? Array(0..<samples) : rng.permutation(samples)
            let start = DispatchTime.now().uptimeNanoseconds
            for first in stride(from: 0, to: samples - batch + 1, by: batch) {
                let rows = Array(order[first..<(first + batch)])
                let x = data.images.gatherRows(rows)
                if first + 2 * batch <= samples { data.images.prefetchRows(Array(order[(first + batch)..<(first + 2 * batch)])) }
                optimizer.zeroGrad()
                softmaxCrossEntropy(model(x), labels: rows.map { data.labels[$0] }).backward()
                optimizer.step()
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            return Double(samples / batch * batch) / seconds
        }
        _ = epoch()
        return (0..<runs).map { _ in epoch() }
    }
}

/// 60,000 uniform random images and labels: the benchmark measures speed, not learning.
struct RandomDigits {
    let images: Tensor
    let labels: [Int]
    init(samples: Int) {
        var rng = SeededGenerator(seed: 1)
        images = Tensor.uniform([samples, 784], 0, 1, using: &rng)
        labels = (0..<samples).map { _ in rng.int(below: 10) }
    }
}

Bench.main()
