/// One task of a sequence: its training examples and its test examples. A task's id is its
/// position in the sequence's task list (`ContinualTask`s are usually held in an array).
public struct ContinualTask: Sendable {
    public var name: String
    public var train: any ExampleSet
    public var test: any ExampleSet

    public init(name: String, train: any ExampleSet, test: any ExampleSet) {
        (self.name, self.train, self.test) = (name, train, test)
    }
}

/// What the loop tells a strategy about the task it is learning.
public struct TaskInfo: Sendable {
    /// The task's id (its index in the list of tasks).
    public let id: Int
    /// Its position in the learning order: 0 for the first task learned.
    public let stage: Int
    public let name: String
    /// The task's training examples (strategies compute importances, memories, … from these,
    /// never from test data).
    public let train: any ExampleSet

    public init(id: Int, stage: Int, name: String, train: any ExampleSet) {
        (self.id, self.stage, self.name, self.train) = (id, stage, name, train)
    }
}

/// The union of `tasks`' training sets, as one task (multi-task training); each example keeps
/// its task's id.
public func unionTask(_ tasks: [ContinualTask], ids: [Int]? = nil) -> ContinualTask {
    ContinualTask(name: tasks.map(\.name).joined(separator: " + "),
                  train: ConcatenatedExamples(tasks.map(\.train), taskIDs: ids), test: ConcatenatedExamples(tasks.map(\.test), taskIDs: ids))
}
