import Continual
import Testing

@Suite("Evaluation matrix, ACC, BWT, FWT")
struct EvaluationMatrixTests {
    func close(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) < 1e-12 } ?? false }

    /// Worked by hand: T = 3.
    ///   ACC = (0.6 + 0.7 + 0.9) / 3 = 0.7333…
    ///   BWT = ((0.6 − 0.9) + (0.7 − 0.8)) / 2 = −0.2
    ///   FWT = ((0.3 − 0.1) + (0.5 − 0.2)) / 2 = 0.25
    @Test func threeTasksByHand() throws {
        let r = try EvaluationMatrix([[0.1, 0.1, 0.2],
                                      [0.9, 0.3, 0.2],
                                      [0.8, 0.8, 0.5],
                                      [0.6, 0.7, 0.9]])
        #expect(close(r.accuracy, 2.2 / 3) && close(r.backwardTransfer, -0.2) && close(r.forwardTransfer, 0.25))
        #expect(r[0, 3] == 0.2 && r[3, 1] == 0.6 && r.taskCount == 3)
    }

    /// T = 2 — the lecture's example: 90/96 after Task 1, 80/97 after Task 2, chance before.
    ///   ACC = (0.80 + 0.97)/2 = 0.885;  BWT = 0.80 − 0.90 = −0.10;  FWT = 0.96 − 0.10 = 0.86
    @Test func twoTasksFromTheSlide() throws {
        let r = try EvaluationMatrix([[0.1, 0.1], [0.9, 0.96], [0.8, 0.97]])
        #expect(close(r.accuracy, 0.885) && close(r.backwardTransfer, -0.1) && close(r.forwardTransfer, 0.86))
    }

    @Test func oneTaskHasNoTransfer() throws {
        let r = try EvaluationMatrix([[0.1], [0.95]])
        #expect(r.accuracy == 0.95 && r.backwardTransfer == nil && r.forwardTransfer == nil)
    }

    @Test func aPerfectLearnerNeitherForgetsNorTransfers() throws {
        let t = 4
        let rows = (0...t).map { i in (1...t).map { j in j <= i ? 1.0 : 0.1 } }
        let r = try EvaluationMatrix(rows)
        #expect(r.accuracy == 1 && r.backwardTransfer == 0 && close(r.forwardTransfer, 0))
    }

    /// Learns each task perfectly, then forgets it completely (back to chance).
    @Test func aPureForgetter() throws {
        let t = 4
        let rows = (0...t).map { i in (1...t).map { j in j == i ? 1.0 : 0.1 } }
        let r = try EvaluationMatrix(rows)
        #expect(close(r.accuracy, (0.1 * 3 + 1) / 4) && close(r.backwardTransfer, -0.9) && close(r.forwardTransfer, 0))
    }

    @Test(arguments: [
        ([[0.1, 0.2], [0.3]], "rectangular"),
        ([[0.1, 0.2], [0.3, 0.4]], "needs 3 rows"),
        ([[0.1], [0.2], [0.3]], "needs 2 rows"),
        ([[Double]](), "at least one task"),
        ([[0.1], [Double.nan]], "not a number"),
    ])
    func invalidMatricesAreRejected(_ rows: [[Double]], _ message: String) {
        let error = #expect(throws: EvaluationMatrixError.self) { try EvaluationMatrix(rows) }
        #expect(error?.description.contains(message) == true, "\(error?.description ?? "")")
    }
}
