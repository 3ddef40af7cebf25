import Continual
import Testing

@Suite("Taskonomy's normalisation: win fractions and the principal eigenvector")
struct TaskAffinityTests {
    @Test func winsCountExamplesAndClip() {
        // Source 0 beats source 1 on 3 of 4 examples, ties on none; source 2 loses everywhere.
        let losses: [[Double]] = [[0.1, 0.2, 0.3, 0.9], [0.5, 0.5, 0.5, 0.5], [1, 1, 1, 1]]
        let w = TaskAffinity.wins(losses: losses)
        #expect(w[0][1] == 0.75 && w[1][0] == 0.25 && w[0][0] == 0.5)
        #expect(w[0][2] == 0.999 && w[2][0] == 0.001, "clipped away from 0 and 1")
        let tie = TaskAffinity.wins(losses: [[1, 2], [1, 3]])
        #expect(tie[0][1] == 0.75 && tie[1][0] == 0.25, "a tie counts half")
    }

    @Test func aConsistentRatioMatrixGivesBackItsWeights() {
        // W_ij = a_i / (a_i + a_j) makes W ⊘ Wᵀ = a_i / a_j exactly: its eigenvector is a.
        let a = [0.5, 0.3, 0.15, 0.05]
        let w = a.map { ai in a.map { aj in ai / (ai + aj) } }
        let found = TaskAffinity.affinities(wins: w)
        for (x, y) in zip(found, a) { #expect(abs(x - y) < 1e-9, "\(found)") }
    }

    @Test func affinitiesRankTheSourcesThatWinMost() {
        let losses: [[Double]] = [[0.2, 0.1, 0.4, 0.3, 0.2], [0.3, 0.2, 0.5, 0.1, 0.4], [0.9, 0.8, 0.7, 0.6, 0.9]]
        let a = TaskAffinity.affinities(wins: TaskAffinity.wins(losses: losses))
        #expect(a[0] > a[1] && a[1] > a[2] && abs(a.reduce(0, +) - 1) < 1e-12 && a.allSatisfy { $0 > 0 })
    }
}
