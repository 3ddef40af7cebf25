import Autograd
import NN

/// **iCaRL** (Rebuffi et al. 2017, arXiv 1611.07725), class-incremental: a memory of exemplar
/// images per class under one total `budget`, chosen by herding in feature space; training on the
/// new task's images plus exemplars with a binary cross-entropy whose old-class targets are the
/// previous model's (distillation); and classification by the **nearest mean of exemplars**.
///
///     prepare   batch + as many exemplars (drawn uniformly), weighted 1/t : (t − 1)/t as exact replay
///     loss      Σ_c BCE(z_c, y_c):  y_c = [label = c] for the new task's classes,
///               σ(z_c^previous) for classes learned before, 0 for classes not seen yet
///     endTask   m = ⌊budget / classes seen⌋; each old set keeps its first m (herding order);
///               each new class: m exemplars by `herding`; class means μ_c of normalised features
///     predict   score_c(x) = −‖φ(x)/‖φ(x)‖ − μ_c‖²   (φ: `FeatureLayer.features`)
///
/// The loss hook *replaces* the objective's cross-entropy with this one (the paper's loss). The
/// paper trains on the union of new images and exemplars; here every batch mixes them like
/// `ExactReplay`, so that the two differ only in distillation and the classifier (README,
/// "new-classes": 85.4% → 90.5% on MNIST, seed 1).
public final class ICaRL: Strategy {
    /// Exemplar images stored in all, at most.
    public let budget: Int
    /// The model's output classes.
    public let classes: Int
    /// Each class's exemplars (pixels), in herding order: a set shrinks by dropping from its end.
    public private(set) var exemplars: [Int: [[Float]]] = [:]
    /// μ_c, the normalised mean of class c's exemplars' normalised features.
    public private(set) var means: [Int: [Float]] = [:]
    private var previous: (any Layer)?
    private var newClasses = Set<Int>()
    /// The task each stored class was learned in (its exemplars keep that task id).
    private var taskOfClass: [Int: Int] = [:]
    private var rng: SeededGenerator

    public init(budget: Int, classes: Int, rng: SeededGenerator) {
        precondition(budget >= 1, "iCaRL stores at least one exemplar")
        (self.budget, self.classes, self.rng) = (budget, classes, rng)
    }

    /// Exemplars stored now.
    public var storedCount: Int { exemplars.values.reduce(0) { $0 + $1.count } }

    public func beginTask(_ context: TaskContext) {
        previous = exemplars.isEmpty ? nil : context.model.copy()
        newClasses = []
    }

    public func prepare(_ batch: Batch, _ context: TaskContext) -> Batch {
        guard storedCount > 0 else { return batch }
        let pool = exemplars.keys.sorted().flatMap { c in exemplars[c]!.map { (c, $0) } }
        let drawn = (0..<batch.count).map { _ in pool[rng.int(below: pool.count)] }
        let replayed = Batch(inputs: Tensor(shape: [batch.count, drawn[0].1.count], data: drawn.flatMap(\.1)), labels: drawn.map(\.0),
                             tasks: drawn.map { taskOfClass[$0.0]! })
        return .withReplay(batch, replayed, tasksSeen: context.task.stage + 1)
    }

    public func loss(_ loss: Tensor, outputs: Tensor, batch: Batch, _ context: TaskContext) -> Tensor {
        for (label, task) in zip(batch.labels, batch.tasks) where task == context.task.id { newClasses.insert(label) }
        let (b, c) = (outputs.shape[0], outputs.shape[1])
        var targets = [Float](repeating: 0, count: b * c)
        if let previous {
            let old = withNoGrad { previous(batch.inputs, tasks: batch.tasks).sigmoid().data }
            for r in 0..<b { for k in means.keys { targets[r * c + k] = old[r * c + k] } }
        }
        for r in 0..<b where newClasses.contains(batch.labels[r]) || previous == nil {
            for k in newClasses { targets[r * c + k] = 0 }
            targets[r * c + batch.labels[r]] = 1
        }
        return binaryCrossEntropyWithLogits(outputs, Tensor(shape: [b, c], data: targets), rowWeights: batch.weights)
    }

    public func endTask(_ context: TaskContext) {
        let seen = Set(means.keys).union(newClasses), m = budget / max(seen.count, 1)
        for c in exemplars.keys { exemplars[c] = Array(exemplars[c]!.prefix(m)) }
        let (images, labels) = allExamples(context.task.train, task: context.task.id)
        let net = featureLayer(context.model)
        for c in newClasses.sorted() {
            let rows = labels.indices.filter { labels[$0] == c }
            let features = normalisedFeatures(net, rows.map { images[$0] })
            exemplars[c] = ICaRL.herding(features, count: min(m, rows.count)).map { images[rows[$0]] }
            taskOfClass[c] = context.task.id
        }
        means = exemplars.mapValues { set in normalised(mean(normalisedFeatures(net, set))) }
    }

    public func predict(_ inputs: Tensor, tasks: [Int], model: any Layer) -> Tensor? {
        guard !means.isEmpty else { return nil }
        let net = featureLayer(model)
        let features = normalisedFeatures(net, inputs)
        var scores = [Float](repeating: -.greatestFiniteMagnitude, count: features.count * classes)
        for (r, f) in features.enumerated() {
            for (c, mu) in means { scores[r * classes + c] = -zip(f, mu).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
        }
        return Tensor(shape: [features.count, classes], data: scores)
    }

    /// Herding (Welling 2009; iCaRL's exemplar choice): greedily, the k-th exemplar is the one that
    /// brings the mean of the chosen ones closest to the mean μ of all `features`:
    ///
    ///     p_k = argmin_{i not chosen} ‖ μ − (φ_i + Σ_{j<k} φ_{p_j}) / k ‖
    ///
    /// Returns `count` distinct indices in the order chosen (ties: the lowest index). Eight
    /// candidates at a time, one per SIMD lane, each distance summed over the features in order:
    /// the sums of the plain loop, to the bit.
    public static func herding(_ features: [[Float]], count: Int) -> [Int] {
        guard let d = features.first?.count, count > 0 else { return [] }
        let n = features.count, width = (n + 7) / 8 * 8, mu = mean(features)
        var columns = [Float](repeating: 0, count: d * width)       // columns[j·width + i] = φ_i[j]
        for (i, f) in features.enumerated() { for j in 0..<d { columns[j * width + i] = f[j] } }
        var chosen: [Int] = [], taken = [Bool](repeating: false, count: n), sum = [Float](repeating: 0, count: d)
        for k in 1...min(count, n) {
            var best = -1, bestDistance = Float.infinity
            for first in stride(from: 0, to: n, by: 8) {
                let distance = herdingDistances(columns, width: width, first: first, mu: mu, sum: sum, k: Float(k))
                for l in 0..<min(8, n - first) where !taken[first + l] && distance[l] < bestDistance { (best, bestDistance) = (first + l, distance[l]) }
            }
            chosen.append(best)
            taken[best] = true
            for j in 0..<d { sum[j] += features[best][j] }
        }
        return chosen
    }

    /// ‖μ − (s + φ_i)/k‖² for the eight candidates i = first…first+7, summed over j in order.
    private static func herdingDistances(_ columns: [Float], width: Int, first: Int, mu: [Float], sum: [Float], k: Float) -> SIMD8<Float> {
        var distance = SIMD8<Float>()
        columns.withUnsafeBufferPointer { columns in
            for j in mu.indices {
                let f = UnsafeRawPointer(columns.baseAddress! + j * width + first).loadUnaligned(as: SIMD8<Float>.self)
                let e = SIMD8(repeating: mu[j]) - (SIMD8(repeating: sum[j]) + f) / SIMD8(repeating: k)
                distance += e * e
            }
        }
        return distance
    }
}

// MARK: - Features

private func featureLayer(_ model: any Layer) -> any FeatureLayer {
    guard let net = model as? any FeatureLayer else { preconditionFailure("iCaRL needs a model with features (an MLP), not \(type(of: model))") }
    return net
}

/// φ(x)/‖φ(x)‖ for each row, without gradients, in chunks.
private func normalisedFeatures(_ net: any FeatureLayer, _ images: [[Float]]) -> [[Float]] {
    guard let width = images.first?.count else { return [] }
    return normalisedFeatures(net, Tensor(shape: [images.count, width], data: images.flatMap { $0 }))
}

private func normalisedFeatures(_ net: any FeatureLayer, _ inputs: Tensor) -> [[Float]] {
    let n = inputs.shape[0]
    return stride(from: 0, to: n, by: 1024).flatMap { first -> [[Float]] in
        let f = withNoGrad { net.features(inputs.slice(axis: 0, first..<min(first + 1024, n))) }
        let d = f.shape[1]
        return (0..<f.shape[0]).map { normalised(Array(f.data[($0 * d)..<(($0 + 1) * d)])) }
    }
}

private func normalised(_ v: [Float]) -> [Float] {
    let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
    return norm > 0 ? v.map { $0 / norm } : v
}

private func mean(_ rows: [[Float]]) -> [Float] {
    var m = [Float](repeating: 0, count: rows[0].count)
    for row in rows { for j in m.indices { m[j] += row[j] } }
    return m.map { $0 / Float(rows.count) }
}

/// Every example of `set` as pixel rows and labels.
private func allExamples(_ set: any ExampleSet, task: Int) -> ([[Float]], [Int]) {
    var images: [[Float]] = [], labels: [Int] = []
    for first in stride(from: 0, to: set.count, by: 2048) {
        let batch = set.batch(Array(first..<min(first + 2048, set.count)), task: task)
        let d = batch.inputs.count / batch.count
        images += (0..<batch.count).map { Array(batch.inputs.data[($0 * d)..<(($0 + 1) * d)]) }
        labels += batch.labels
    }
    return (images, labels)
}
