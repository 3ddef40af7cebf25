import BabIWorld
import Datasets
import FileIO
import Foundation
import Testing

/// The built-in bAbI tasks: deterministic, shaped like the released ones, and every answer
/// re-derived from its story by an independent checker.
@Suite struct BabIGeneratorTests {
    @Test(arguments: 1...20)
    func everyAnswerFollowsFromItsStory(task: Int) throws {
        for seed: UInt64 in [1, 2, 2015] {   // 2015: the lesson's
            let questions = try BabIText.parse(Data(BabIGenerator(seed: seed).text(task: task, split: "train").utf8), file: "generated")
            #expect(questions.count == 1000)
            let wrong = questions.filter { BabIChecker.answer(task: task, $0) != $0.answer.lowercased() }
            let first = wrong.first.map { "\($0.context.suffix(4)) \($0.question) → \($0.answer) (checker: \(BabIChecker.answer(task: task, $0) ?? "cannot tell"))" } ?? ""
            #expect(wrong.count == 0, "task \(task), seed \(seed): the checker disagrees with \(wrong.count) answers; first: \(first)")
        }
    }

    @Test func theCheckerCatchesAWrongAnswer() throws {
        var question = try #require(BabIText.parse(Data(BabIGenerator(seed: 1).text(task: 1, split: "train", questions: 1).utf8), file: "g").first)
        question.answer = question.answer == "kitchen" ? "garden" : "kitchen"
        #expect(BabIChecker.answer(task: 1, question) != question.answer)
    }

    /// Questions a story and story lengths as in the released 1k training files.
    @Test func storiesHaveTheReleasedShape() throws {
        let perStory = [4: 1, 15: 4, 16: 1, 17: 8, 19: 1]
        for task in 1...20 where task != 20 {   // 20 varies (10–12), as released
            let text = BabIGenerator(seed: 1).text(task: task, split: "train")
            let stories = text.split(separator: "\n").filter { $0.hasPrefix("1 ") }.count
            #expect(1000 / stories == perStory[task] ?? 5, "task \(task): \(stories) stories")
        }
        #expect(BabIGenerator(seed: 9).text(task: 1, split: "test").split(separator: "\n").count == 200 * 15)   // 5 questions in 15 lines
    }

    @Test func theSameSeedGivesTheSameStoriesAndAnotherSeedOthers() {
        let a = BabIGenerator(seed: 4).text(task: 5, split: "test"), b = BabIGenerator(seed: 4).text(task: 5, split: "test")
        #expect(a == b)
        #expect(a != BabIGenerator(seed: 5).text(task: 5, split: "test"))
        #expect(a != BabIGenerator(seed: 4).text(task: 5, split: "train"))
    }

    /// Golden stories: the first story of tasks 1 and 5 in full, and a digest of the first three
    /// stories of every task (a change to any story shows here, and must bump `BabIGenerator.version`).
    @Test func goldenStories() {
        let g = BabIGenerator(seed: 1)
        func firstStories(_ task: Int, _ n: Int) -> String {
            var lines: [Substring] = [], starts = 0
            for line in g.text(task: task, split: "train").split(separator: "\n") {
                if line.hasPrefix("1 ") { starts += 1; if starts > n { break } }
                lines.append(line)
            }
            return lines.joined(separator: "\n")
        }
        #expect(firstStories(1, 1) == GoldenBabI.task1)
        #expect(firstStories(5, 1) == GoldenBabI.task5)
        let digests = (1...20).map { String(SHA256.hex(Data(firstStories($0, 3).utf8)).prefix(12)) }
        #expect(digests == GoldenBabI.digests, "\(digests)")
    }
}
