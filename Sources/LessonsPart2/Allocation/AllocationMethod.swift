import Autograd
import Continual
import Datasets
import Foundation
import LessonCore
import NN

/// The allocation lesson's methods, each on the one training loop, task-incremental (each task
/// has its own head): fine-tuning a shared body, one model per task, and the three that allocate
/// weights — Progressive Networks, PackNet, CPG.
public struct AllocationMethod: Sendable, Hashable {
    /// `finetune`, `separate`, `progressive`, `packnet`, `cpg`: the key prefix in `results.json`.
    public let key: String
    public let title: String

    public static let finetune = AllocationMethod(key: "finetune", title: "fine-tuning")
    public static let separate = AllocationMethod(key: "separate", title: "one model per task")
    public static let progressive = AllocationMethod(key: "progressive", title: "Progressive Nets")
    public static let packnet = AllocationMethod(key: "packnet", title: "PackNet, 50%")
    public static let packnetEven = AllocationMethod(key: "packnetEven", title: "PackNet, even shares")
    public static let cpg = AllocationMethod(key: "cpg", title: "CPG")
    public static let all = [finetune, separate, progressive, packnet, packnetEven, cpg]
    /// The methods that allocate weights (BWT exactly 0 by construction).
    public static let allocating = [progressive, packnet, packnetEven, cpg]

    /// One run: R, the weights stored after each task (floats), and what PackNet and CPG recorded.
    public struct Run: Sendable {
        public let rows: [[Double]]
        public let storedAfter: [Int]
        public var freeBefore: [Double] = [], growths: [Int] = [], kept: [Double] = []
        /// The first body layer's owner of every weight after the last task (−1: free), `[inputs][hidden]`.
        public var firstLayerOwners: [Int32] = []
        public let seconds: Double
    }

    /// Learns the `tasks` with this method from networks drawn from `seed`.
    public func run(_ tasks: [ContinualTask], setup: AllocationSetup, seed: UInt64) throws -> Run {
        let start = Date()
        var rng = SeededGenerator(seed: seed)
        var own = rng.fork(0x616C6C)
        if key == "separate" {
            let rows = try oneModelPerTaskRows(tasks, seed: seed) { Learner(model: setup.multiHead(using: &$0), plan: setup.plan) }
            let one = setup.multiHead(using: &own).parameterCount
            return Run(rows: rows, storedAfter: tasks.indices.map { one * ($0 + 1) }, seconds: Date().timeIntervalSince(start))
        }
        let model: any Layer = key == "progressive" ? ProgressiveNetwork([DigitSet.pixels] + setup.hidden + [10], using: &rng) : setup.multiHead(using: &rng)
        let strategy: (any Strategy)? = switch key {
        case "progressive": ProgressiveColumns(rng: own.fork(1))
        case "packnet": PackNet(.fraction(setup.pruneFraction), retrain: setup.retrainPlan, rng: own.fork(2))
        case "packnetEven": PackNet(.evenShares(tasks: tasks.count), retrain: setup.retrainPlan, rng: own.fork(2))
        case "cpg": CPG(settings: setup.cpg, retrain: setup.retrainPlan, rng: own.fork(3))
        default: nil
        }
        var stored: [Int] = []
        let learner = Learner(model: model, plan: setup.plan, strategies: [strategy ?? HeadPerTask(rng: own.fork(4)), StoredWeights { stored.append(AllocationMethod.stored($0)) }])
        let rows = try learnSequence(tasks, learner: learner, using: &rng).rows
        var run = Run(rows: rows, storedAfter: stored, seconds: Date().timeIntervalSince(start))
        if let packnet = strategy as? PackNet { run.freeBefore = packnet.freeBefore }
        if let cpg = strategy as? CPG { (run.freeBefore, run.growths, run.kept) = (cpg.freeBefore, cpg.growths, cpg.kept) }
        if let net = model as? MultiHeadMLP, let owners = net.owners { run.firstLayerOwners = owners[0].map { $0 == MultiHeadMLP.free ? -1 : $0 } }
        return run
    }

    /// Floats kept: every parameter (PackNet's and CPG's owners and picks are small integers and
    /// bits, counted apart in the README).
    static func stored(_ model: any Layer) -> Int {
        if let net = model as? MultiHeadMLP { return net.body.reduce(0) { $0 + $1.parameterCount } + net.heads.reduce(0) { $0 + $1.parameterCount } }
        return model.parameterCount
    }
}

/// Records, after each task, what the model stores (a strategy that only watches).
final class StoredWeights: Strategy {
    let record: (any Layer) -> Void
    init(_ record: @escaping (any Layer) -> Void) { self.record = record }
    func endTask(_ context: TaskContext) { record(context.model) }
}
