/// The lecture's evaluation matrix R for a sequence of T tasks, with the random-initialisation row:
///
///     R(0, j)   accuracy on task j before any training
///     R(i, j)   accuracy on task j after training task i,  i = 1…T, j = 1…T
///
/// and the three numbers the slide computes from it, exactly as written there:
///
///     Accuracy          = 1/T      Σ_{i=1}^{T}   R(T, i)
///     Backward Transfer = 1/(T−1)  Σ_{i=1}^{T−1} R(T, i) − R(i, i)      (usually negative: forgetting)
///     Forward Transfer  = 1/(T−1)  Σ_{i=2}^{T}   R(i−1, i) − R(0, i)
///
/// Some libraries divide BWT or FWT by T, or leave R(0, ·) out of FWT; this follows the slide.
/// With T = 1 there is nothing before or after the task, so BWT and FWT are nil.
public struct EvaluationMatrix: Equatable, Sendable {
    /// (T + 1) rows of T values; row 0 is the random initialisation.
    public let rows: [[Double]]

    /// - Throws: `EvaluationMatrixError` if the rows are ragged, if there is not exactly one more
    ///   row than columns, or if a value is not finite.
    public init(_ rows: [[Double]]) throws {
        guard let width = rows.first?.count, width >= 1 else { throw EvaluationMatrixError("R needs at least one task (a row 0 and a row 1 of one value each)") }
        if let ragged = rows.firstIndex(where: { $0.count != width }) {
            throw EvaluationMatrixError("row \(ragged) has \(rows[ragged].count) values but row 0 has \(width): R must be rectangular")
        }
        guard rows.count == width + 1 else {
            throw EvaluationMatrixError("R for \(width) tasks needs \(width + 1) rows (row 0 = random initialisation), got \(rows.count)")
        }
        for (i, row) in rows.enumerated() {
            if let j = row.firstIndex(where: { !$0.isFinite }) { throw EvaluationMatrixError("R(\(i), \(j + 1)) is \(row[j]), not a number") }
        }
        self.rows = rows
    }

    /// The number of tasks T.
    public var taskCount: Int { rows[0].count }

    /// R(i, j) with the slide's indexing: i = 0…T (0 = before training), j = 1…T.
    public subscript(i: Int, j: Int) -> Double { rows[i][j - 1] }

    /// (1/T) Σᵢ R(T, i): the average accuracy at the end.
    public var accuracy: Double {
        let t = taskCount
        return (1...t).map { self[t, $0] }.reduce(0, +) / Double(t)
    }

    /// 1/(T−1) Σ_{i<T} R(T, i) − R(i, i): how much the end changed each earlier task (nil for T = 1).
    public var backwardTransfer: Double? {
        let t = taskCount
        guard t > 1 else { return nil }
        return (1..<t).map { self[t, $0] - self[$0, $0] }.reduce(0, +) / Double(t - 1)
    }

    /// 1/(T−1) Σ_{i≥2} R(i−1, i) − R(0, i): how much earlier tasks helped each later one before it was
    /// trained (nil for T = 1).
    public var forwardTransfer: Double? {
        let t = taskCount
        guard t > 1 else { return nil }
        return (2...t).map { self[$0 - 1, $0] - self[0, $0] }.reduce(0, +) / Double(t - 1)
    }
}

/// An R matrix that cannot be used, and why.
public struct EvaluationMatrixError: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
}
