import Autograd
import Continual
import Datasets
import LessonCore

/// The plasticity lesson's two protocols, their defaults and the strengths chosen on validation
/// data (README, "plasticity": the sweep and the rule that chose each value).
public struct PlasticitySetup: Sendable {
    /// Part 1, the EWC slide: permuted digits A, B, C, a 784-100-100-10 MLP and plain SGD with a
    /// large step (0.3), which forgets as the slide does.
    public var slide = DigitTraining()
    public var slideTasks = 3, slideTrain = 10_000
    /// Parts 2–4: five permuted-digit tasks and Adam (the homework's optimizer), which takes a
    /// stiff guard without diverging.
    public var guards = DigitTraining()
    public var guardTasks = 5, guardTrain = 5000
    public var testPerTask = 2000
    /// Training examples that EWC's Fisher, MAS and SCP average over, per task.
    public var importanceSamples = 500
    /// λ of each method, by key: part 1's (`slideStrength`) and parts 2–4's (`strength`).
    public var slideStrength: [String: Float] = ["l2": 0.1, "ewc": 10]
    public var strength: [String: Float] = ["ewc": 10, "si": 10, "mas": 0.03, "rwalk": 30, "scp": 10]
    /// Part 3: λ as multiples of the chosen one, on a log scale.
    public var sweepFactors: [Float] = [0.01, 0.1, 1, 10, 100, 1000]

    public init(quick: Bool = false) {
        (slide.hidden, slide.learningRate, slide.batchSize, slide.epochs) = ([100, 100], 0.3, 64, 5)
        (guards.hidden, guards.learningRate, guards.batchSize, guards.epochs, guards.optimizer) = ([100, 100], 1e-3, 128, 5, .adam)
        if quick {
            (slideTrain, guardTrain, testPerTask, slide.epochs, guards.epochs, importanceSamples) = (1000, 1000, 500, 2, 2, 100)
            sweepFactors = [0.01, 1, 100]
            slideStrength["ewc"] = 3        // a less trained network has a larger Fisher: λ = 10 can diverge under SGD at 0.3
        }
        slide.evaluateEvery = max(1, slideTrain / slide.batchSize / 2)           // twice an epoch
        guards.evaluateEvery = epochSteps(guardTrain, guards.batchSize)  // once an epoch (HW14's metric)
    }

    /// The methods of part 1 and of part 2.
    public static let slideMethods: [GuardMethod] = [.naive, .l2, .ewc]
    public static let guardMethods: [GuardMethod] = [.naive] + GuardMethod.estimators
    /// Part 3's guards.
    public static let sweepMethods: [GuardMethod] = [.ewc, .mas]

    public func slideTaskList(_ data: DigitData, seed: UInt64) -> [ContinualTask] {
        var tasks = DigitSequences.permuted(data, count: slideTasks, trainPerTask: slideTrain, testPerTask: testPerTask, seed: seed)
        for (i, name) in ["A", "B", "C"].enumerated() where i < tasks.count { tasks[i].name = "Task \(name)" }
        return tasks
    }

    public func guardTaskList(_ data: DigitData, seed: UInt64) -> [ContinualTask] {
        DigitSequences.permuted(data, count: guardTasks, trainPerTask: guardTrain, testPerTask: testPerTask, seed: seed)
    }
}

/// Steps in one epoch of `count` examples in batches of `batch`.
func epochSteps(_ count: Int, _ batch: Int) -> Int { max(1, count / batch) }

/// The plasticity lesson's `results.json` scalars.
public enum PlasticityKeys {
    /// Part 1: points lost on A from its best, and A and C at the end.
    public static func slide(_ m: GuardMethod, _ what: String) -> ResultKey { ResultKey("slide.\(m.key).\(what)") }
    /// Part 2: ACC, BWT, FWT.
    public static func guarded(_ m: GuardMethod, _ metric: String) -> ResultKey { ResultKey("\(m.key).\(metric)") }

    public static let slideMeasures = ["dropA", "finalA", "finalC"], metrics = ["ACC", "BWT", "FWT"]
    public static let all: [ResultKey] = PlasticitySetup.slideMethods.flatMap { m in slideMeasures.map { slide(m, $0) } }
        + PlasticitySetup.guardMethods.flatMap { m in metrics.map { guarded(m, $0) } }
}
