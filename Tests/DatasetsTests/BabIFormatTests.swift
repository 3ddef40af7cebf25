import BabIWorld
import Datasets
import Foundation
import Testing

/// The released bAbI text format, read from small files the tests write: good and broken.
@Suite struct BabIFormatTests {
    let good = """
    1 Mary moved to the bathroom.
    2 John went to the hallway.
    3 Where is Mary? \tbathroom\t1
    4 Daniel went back to the hallway.
    5 What is Daniel carrying?\tmilk,apple\t4 2
    1 Sandra travelled to the office.
    2 Where is Sandra?\toffice\t1

    """

    func parse(_ text: String) throws -> [BabIQuestion] { try BabIText.parse(Data(text.utf8), file: "qa.txt") }

    func problem(_ text: String) -> String {
        do { _ = try parse(text); return "no error" } catch { return "\(error)" }
    }

    @Test func readsQuestionsWithTheirContextAnswersAndSupports() throws {
        let questions = try parse(good)
        #expect(questions.count == 3)
        #expect(questions[0] == BabIQuestion(context: ["Mary moved to the bathroom.", "John went to the hallway."], question: "Where is Mary?", answer: "bathroom", supporting: [0]))
        #expect(questions[1].context.count == 3)        // the question between is not context
        #expect(questions[1].answer == "milk,apple")
        #expect(questions[1].supporting == [2, 1])
        #expect(questions[2].context == ["Sandra travelled to the office."])   // a new story starts afresh
    }

    @Test func readsWindowsLineEndings() throws {
        #expect(try parse(good.replacingOccurrences(of: "\n", with: "\r\n")) == parse(good))
    }

    @Test func aStoryWrittenIsReadBack() throws {
        let story = BabIStory(lines: [.statement("Fred is a frog."), .statement("Fred is green."), .question("What color is Fred?", answer: "green", supporting: [2])])
        let read = try parse(story.text)
        #expect(read == [BabIQuestion(context: ["Fred is a frog.", "Fred is green."], question: "What color is Fred?", answer: "green", supporting: [1])])
    }

    @Test(arguments: [
        ("1 Mary moved.\n2 Where is Mary?\n", "qa.txt:2: a question without its answer"),
        ("1 Mary moved.\n2 Where is Mary?\tkitchen 1\n", "qa.txt:2: a question has 1 tab; expected"),
        ("1 Mary moved.\n3 John moved.\n", "qa.txt:2: id 3 does not follow 1 (expected 2, or 1 to start a new story)"),
        ("1 Mary moved.\n2 Where is Mary?\tkitchen\t5\n", "qa.txt:2: supporting id 5 points nowhere"),
        ("1 Mary moved.\n2 Where is Mary?\tkitchen\t1\n3 Where?\tx\t2\n", "qa.txt:3: supporting id 2 points to a question"),
        ("1 Mary moved.\n2 Where is Mary?\t \t1\n", "qa.txt:2: the answer (after the first tab) is empty"),
        ("1 Mary moved.\n2 Where is Mary?\tkitchen\t\n", "qa.txt:2: no supporting ids"),
        ("1 Mary moved.\n2 Where is Mary?\tkitchen\tone\n", "qa.txt:2: supporting id \"one\" is not a number"),
        ("Mary moved.\n", "qa.txt:1: expected `ID text`"),
    ])
    func brokenLinesAreNamedWithWhatWasExpected(text: String, expected: String) {
        #expect(problem(text).hasPrefix(expected), "\(problem(text))")
    }

    @Test func aByteThatIsNotUTF8IsNamedWithItsColumn() {
        var bytes = Array("1 Mary moved.\n2 John m".utf8)
        bytes += [0xFF] + Array("oved.\n".utf8)
        #expect(throws: DataFileError(path: "qa.txt:2", problem: "is not UTF-8 text (byte 0xff at column 9)")) {
            try BabIText.parse(Data(bytes), file: "qa.txt")
        }
    }

    @Test func theCorpusIsReadFromAnyOfThreeFolderLevelsAndAMissingFileIsNamed() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("babi-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("babi/tasks_1-20_v1-2/en")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let generator = BabIGenerator(seed: 3)
        for n in 1...20 { for split in ["train", "test"] {
            try generator.text(task: n, split: split, questions: 20).write(to: folder.appendingPathComponent(BabI.fileName(task: n, split: split)), atomically: true, encoding: .utf8)
        } }
        #expect(BabI.folder(in: root)?.path == folder.path)
        #expect(BabI.folder(in: root.appendingPathComponent("babi"))?.path == folder.path)
        #expect(BabI.folder(in: folder.deletingLastPathComponent())?.path == folder.path)
        #expect(BabI.folder(in: root, size: .tenThousand) == nil)
        let (tasks, identity) = try BabI.load(from: folder)
        #expect(tasks.map(\.train.count) == [Int](repeating: 20, count: 20))
        #expect(try tasks.map(\.train) == generator.corpus(questions: 20).tasks.map(\.train))
        #expect(identity.size == 800 && identity.checksum.contains("40 files"))
        try FileManager.default.removeItem(at: folder.appendingPathComponent(BabI.fileName(task: 7, split: "test")))
        #expect(throws: DataFileError(path: folder.appendingPathComponent("qa7_counting_test.txt").path,
                                      problem: "is missing (run `lifelong download babi`, or point --data at the folder holding en/)")) {
            try BabI.load(from: folder)
        }
    }
}
