import Autograd
import Continual
import Datasets
import LessonCore
import NN

/// The three scenarios as the lesson names them in `results.json` (`task.none.ACC`, …).
extension Scenario {
    /// `task`, `domain`, `class`.
    public var key: String { String(rawValue.prefix { $0 != "-" }) }
    /// "Task-IL", "Domain-IL", "Class-IL" (the paper's column heads).
    public var short: String { key.prefix(1).uppercased() + key.dropFirst() + "-IL" }
}

/// The new-classes lesson's settings (README, "new-classes", says why these).
public struct NewClassesSetup: Sendable {
    /// The solver's hidden layers (the paper's are 400 and 400) and the generator's.
    public var hidden = [100, 100]
    /// The generator's code size z.
    public var latent = 32
    /// Steps a task, for the solver and the generator (the paper: 2,000); batch and Adam's rate.
    public var iterations = 250
    public var batchSize = 128
    public var learningRate: Float = 1e-3
    /// Stored examples in all: iCaRL's exemplars and exact replay's images (the paper's 2,000);
    /// A-GEM keeps budget / tasks a task.
    public var budget = 2000
    /// Part 3: the budgets to try (first seed, class-incremental).
    public var budgetSweep = [100, 500, 2000]
    /// λ of online EWC and c of SI, by scenario key (README, "new-classes": how they were chosen).
    public var ewcStrength: [String: Float] = ["task": 1000, "domain": 1000, "class": 1000]
    public var siStrength: [String: Float] = ["task": 10, "domain": 10, "class": 10]
    /// Examples EWC's Fisher averages over.
    public var fisherSamples = 500
    /// LwF's temperature (both papers').
    public var temperature: Float = 2
    /// The digit pairs, one task each.
    public var groups = [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]]

    public init(quick: Bool = false) {
        if quick { (hidden, latent, iterations, batchSize, budget, budgetSweep, fisherSamples) = ([64, 64], 16, 40, 64, 200, [50, 200], 100) }
    }

    /// Adam at `learningRate`, `iterations` steps of `batchSize` a task (a fresh optimizer per task).
    public var plan: TrainingPlan { TrainingPlan(epochs: 1, iterations: iterations, batchSize: batchSize, optimizer: .adam(learningRate: learningRate)) }

    /// The solver for `scenario`: a head of two per task (task-IL, every head made now), one head of
    /// two (domain-IL: "first or second of the pair"), or one of ten (class-IL).
    public func solver(_ scenario: Scenario, using rng: inout SeededGenerator) -> any Layer {
        let body = [DigitSet.pixels] + hidden
        switch scenario {
        case .taskIncremental:
            let net = MultiHeadMLP(body, classes: 2, using: &rng)
            net.ensureHead(for: groups.count - 1, using: &rng)
            return net
        case .domainIncremental: return MLP(body + [2], using: &rng)
        case .classIncremental: return MLP(body + [10], using: &rng)
        }
    }

    /// The generator: a VAE 784-hidden-z and back.
    public func generator(using rng: inout SeededGenerator) -> VariationalAutoencoder {
        VariationalAutoencoder(inputs: DigitSet.pixels, hidden: hidden, latent: latent, using: &rng)
    }

    /// Split digits labelled for `scenario`, one task per pair.
    public func tasks(_ data: DigitData, _ scenario: Scenario) -> [ContinualTask] {
        let (train, test) = (DigitTasks.split(data.train, groups: groups, scenario: scenario), DigitTasks.split(data.test, groups: groups, scenario: scenario))
        return groups.indices.map { ContinualTask(name: groups[$0].map(String.init).joined(separator: "/"), train: train[$0], test: test[$0]) }
    }
}
