import Continual
import PropertyBased
import Testing

/// Invariants of ACC, BWT and FWT on random matrices R.
@Suite("Metric properties")
struct MetricPropertyTests {
    /// A learner that never forgets (each column constant from its own row down) has BWT exactly 0.
    @Test func aPerfectLearnerHasNoBackwardTransfer() async {
        await propertyCheck(count: 200, input: Gen.double(in: 0...1).array(of: 2...8), Gen.double(in: 0...1).array(of: 64)) { learned, noise in
            let t = learned.count
            let rows = (0...t).map { i in (1...t).map { j in i >= j ? learned[j - 1] : noise[(i * t + j) % noise.count] } }
            let r = try EvaluationMatrix(rows)
            #expect(abs(r.backwardTransfer!) < 1e-12)
        }
    }

    /// Renaming the tasks (a permutation of the columns of R, the learning order kept) leaves
    /// Accuracy unchanged; Accuracy stays between the last row's smallest and largest entry.
    @Test func accuracyIgnoresTaskNamesAndStaysInRange() async {
        await propertyCheck(count: 200, input: Gen.double(in: 0...1).array(of: 12), Gen.int(in: 2...3), Gen.int(in: 0...5)) { values, t, shift in
            let rows = (0...t).map { i in (0..<t).map { j in values[(i * t + j) % values.count] } }
            let permuted = rows.map { row in (0..<t).map { row[($0 + shift) % t] } }
            let (a, b) = (try EvaluationMatrix(rows), try EvaluationMatrix(permuted))
            #expect(abs(a.accuracy - b.accuracy) < 1e-12)
            #expect(a.accuracy >= rows[t].min()! - 1e-12 && a.accuracy <= rows[t].max()! + 1e-12)
        }
    }

    /// When every task is tested, before its training, exactly as the untrained network did, FWT is 0.
    @Test func noHeadStartMeansNoForwardTransfer() async {
        await propertyCheck(count: 200, input: Gen.double(in: 0...1).array(of: 2...6), Gen.double(in: 0...1).array(of: 36)) { start, trained in
            let t = start.count
            let rows = (0...t).map { i in (1...t).map { j in i < j ? start[j - 1] : trained[(i * t + j) % trained.count] } }
            let r = try EvaluationMatrix(rows)
            #expect(abs(r.forwardTransfer!) < 1e-12)
        }
    }
}
