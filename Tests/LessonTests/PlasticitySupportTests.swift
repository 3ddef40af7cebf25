import Foundation
import LessonKit
import Testing

@Suite("The plasticity lesson's library: parallel runs, rank correlation, settings")
struct PlasticitySupportTests {
    /// Jobs come back in job order, the same as run one by one, whatever finishes first.
    @Test func parallelRunsKeepTheJobOrder() throws {
        let jobs = Array(0..<40)
        let results = try parallelRuns(jobs) { i -> Int in
            var rng = SeededGenerator(seed: UInt64(i))
            usleep(UInt32((i * 7919) % 13) * 100)
            return Int(rng.next() % 1000)
        }
        #expect(results == jobs.map { var rng = SeededGenerator(seed: UInt64($0)); return Int(rng.next() % 1000) })
    }

    struct Boom: Error, Equatable {}

    /// A job's error stops the run and reaches the caller.
    @Test func aFailingJobIsRethrown() {
        #expect(throws: Boom()) { try parallelRuns(Array(0..<10)) { i in if i == 3 { throw Boom() }; return i } }
    }

    /// Training runs give the same numbers on one thread and on several.
    @Test func aGuardedRunIsTheSameInParallel() throws {
        var training = DigitTraining()
        (training.hidden, training.epochs, training.evaluateEvery) = ([16], 1, 0)
        let data = try DigitData.load(dataOption: "builtin", trainCount: 400, testCount: 100, seed: 3)
        let tasks = DigitSequences.permuted(data, count: 2, trainPerTask: 200, testPerTask: 50, seed: 3)
        let one = try [GuardMethod.ewc, .si].map { try $0.run(tasks, strength: 1, training: training, seed: 4, samples: 20).0.rows }
        let many = try parallelRuns([GuardMethod.ewc, .si]) { try $0.run(tasks, strength: 1, training: training, seed: 4, samples: 20).0.rows }
        #expect(one == many)
    }

    @Test func spearmanByHand() {
        #expect(ImportanceMaps.ranks([10, 30, 20, 20]) == [1, 4, 2.5, 2.5])
        #expect(abs(ImportanceMaps.spearman([1, 2, 3, 4], [10, 20, 30, 40]) - 1) < 1e-12)
        #expect(abs(ImportanceMaps.spearman([1, 2, 3, 4], [4, 3, 2, 1]) + 1) < 1e-12)
        #expect(abs(ImportanceMaps.spearman([1, 2, 3], [1, 3, 2]) - 0.5) < 1e-12)        // 1 − 6·2/(3·8)
    }

    @Test func perPixelSumsTheFirstLayersRows() {
        let b: [[Float]] = [[1, 2, 3, 4, 5, 6], [0, 0, 0]]                               // 2 inputs × 3 hidden
        #expect(ImportanceMaps.perPixel(b, inputs: 2) == [6, 15])
    }

    @Test(arguments: [("ewc", "ewc=x"), ("ewc", "ewc"), ("naive", "naive=1"), ("nope", "nope=1"), ("ewc", "ewc=-1"), ("ewc", "ewc=inf"), ("l2", "l2=0.1")])
    func aBadStrengthIsNamed(_: String, text: String) {
        #expect(throws: (any Error).self) { try PlasticitySetup.parseStrength(text, option: "--lambda", methods: GuardMethod.estimators) }
        do { _ = try PlasticitySetup.parseStrength(text, option: "--lambda", methods: GuardMethod.estimators) } catch { #expect("\(error)".contains("--lambda \(text)")) }
    }

    /// Part 1 runs b = 1 and EWC only: a λ for SI there would be ignored, so it is refused.
    @Test func aStrengthForAMethodThePartDoesNotRunIsRefused() {
        #expect(throws: (any Error).self) { try PlasticitySetup.parseStrength("si=1", option: "--slide-lambda", methods: PlasticitySetup.slideMethods) }
    }

    @Test func aGoodStrengthIsRead() throws {
        let (key, value) = try PlasticitySetup.parseStrength("scp=300", option: "--lambda", methods: GuardMethod.estimators)
        #expect(key == "scp" && value == 300)
    }
}

@Suite("The plasticity lesson's errors")
struct PlasticityErrorTests {
    /// A guard too stiff for plain SGD stops the lesson with the method, λ and seed named, and the way out.
    @Test func aDivergingGuardIsNamed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lifelong-plasticity-diverge-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, output) = try runLesson("plasticity", ["--quick", "--seeds", "1", "--slide-lambda", "ewc=1000000", "--out", folder.path])
        #expect(status != 0 && output.contains("EWC (λ = 1e+06), seed 1: training diverged") && output.contains("a smaller λ"), "\(output)")
        #expect(!FileManager.default.fileExists(atPath: folder.path), "nothing written")
    }

    @Test func aBadLambdaIsOneLine() throws {
        let (status, output) = try runLesson("plasticity", ["--lambda", "ewc=lots"])
        #expect(status != 0 && output.contains("--lambda ewc=lots: λ must be a number from 0 to 10000000") && !output.contains("Fatal"))
    }
}
