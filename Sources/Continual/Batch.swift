import Autograd

/// A mini-batch, whatever the data: digits (pixels), 2-D toy problems (coordinates) or bAbI
/// stories (token ids, stored exactly as floats), with a task id for every example.
///
///     inputs   [B, …]   what the model reads
///     labels   [B]      class per example (empty for regression)
///     targets  [B, …]   real-valued targets (regression, reconstruction), or nil
///     tasks    [B]      the task each example belongs to (a replayed example keeps its own)
///     weights  [B]      each example's weight in the loss, or nil for the mean (1/B each)
public struct Batch {
    public var inputs: Tensor
    public var labels: [Int]
    public var targets: Tensor?
    public var tasks: [Int]
    /// Each example's weight in the loss (replay: new examples 1/t in all, replayed ones
    /// (t − 1)/t); nil, the usual mean. The objectives' losses read it.
    public var weights: [Float]?

    public init(inputs: Tensor, labels: [Int] = [], targets: Tensor? = nil, tasks: [Int], weights: [Float]? = nil) {
        precondition(inputs.shape.first == tasks.count, "\(tasks.count) task ids for \(inputs.shape.first ?? 0) inputs")
        precondition(labels.isEmpty || labels.count == tasks.count, "\(labels.count) labels for \(tasks.count) inputs")
        precondition(weights == nil || weights!.count == tasks.count, "\(weights!.count) weights for \(tasks.count) inputs")
        (self.inputs, self.labels, self.targets, self.tasks, self.weights) = (inputs, labels, targets, tasks, weights)
    }

    /// The number of examples.
    public var count: Int { tasks.count }

    /// The batches one after another (a task's batch followed by replayed examples, say); the
    /// result has no weights (the parts' sizes change what each should weigh).
    public static func concatenated(_ parts: [Batch]) -> Batch {
        precondition(!parts.isEmpty, "nothing to concatenate")
        if parts.count == 1 { return parts[0] }
        let targets = parts.allSatisfy { $0.targets != nil } ? Tensor.concat(parts.map { $0.targets! }) : nil
        return Batch(inputs: Tensor.concat(parts.map(\.inputs)), labels: parts.flatMap(\.labels), targets: targets, tasks: parts.flatMap(\.tasks))
    }

    /// The examples at `indices` of this batch, in that order.
    public func rows(_ indices: [Int]) -> Batch {
        Batch(inputs: inputs.gatherRows(indices), labels: labels.isEmpty ? [] : indices.map { labels[$0] },
              targets: targets?.gatherRows(indices), tasks: indices.map { tasks[$0] }, weights: weights.map { w in indices.map { w[$0] } })
    }
}

/// A task's examples, served as batches: what the training loop and the evaluation read.
public protocol ExampleSet: Sendable {
    /// The number of examples.
    var count: Int { get }
    /// The examples at `indices`, in that order, as one batch. `task` is the id of the task this
    /// set belongs to; a set that holds several tasks' examples (a union, a memory) uses its own.
    func batch(_ indices: [Int], task: Int) -> Batch
    /// Starts bringing the examples at `indices` into cache during the work before they are
    /// asked for (the training loop names the next batch); sets in memory that gain nothing from
    /// it leave this default, which does nothing.
    func prefetch(_ indices: [Int])
}

extension ExampleSet {
    public func prefetch(_ indices: [Int]) {}
}

/// Several tasks' examples as one set (multi-task training's "all the data so far"); example k of
/// part p keeps task id p unless the part knows better.
public struct ConcatenatedExamples: ExampleSet {
    public let parts: [any ExampleSet]
    /// The task id of each part.
    public let taskIDs: [Int]
    private let starts: [Int]

    public init(_ parts: [any ExampleSet], taskIDs: [Int]? = nil) {
        precondition(!parts.isEmpty, "nothing to concatenate")
        self.parts = parts
        self.taskIDs = taskIDs ?? Array(parts.indices)
        var starts = [0]
        for part in parts { starts.append(starts.last! + part.count) }
        self.starts = starts
    }

    public var count: Int { starts.last! }

    public func batch(_ indices: [Int], task: Int) -> Batch {
        let (byPart, positions) = split(indices)
        let used = parts.indices.filter { !byPart[$0].isEmpty }
        let joined = Batch.concatenated(used.map { parts[$0].batch(byPart[$0], task: taskIDs[$0]) })
        // Row r of `joined` is example positions[…] of the request; put the rows back in request order.
        var rowOf = [Int](repeating: 0, count: indices.count), row = 0
        for p in used { for position in positions[p] { rowOf[position] = row; row += 1 } }
        return used.count == 1 ? joined : joined.rows(rowOf)
    }

    /// Each part fetches its own examples.
    public func prefetch(_ indices: [Int]) {
        let byPart = split(indices).byPart
        for p in parts.indices where !byPart[p].isEmpty { parts[p].prefetch(byPart[p]) }
    }

    /// The request's examples by part (indices within the part), and where each stood in it.
    private func split(_ indices: [Int]) -> (byPart: [[Int]], positions: [[Int]]) {
        var byPart = [[Int]](repeating: [], count: parts.count), positions = [[Int]](repeating: [], count: parts.count)
        for (position, index) in indices.enumerated() {
            precondition(index >= 0 && index < count, "example \(index) of \(count)")
            let p = starts.lastIndex { $0 <= index }!
            byPart[p].append(index - starts[p])
            positions[p].append(position)
        }
        return (byPart, positions)
    }
}
