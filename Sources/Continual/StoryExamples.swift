import Autograd
import Datasets

/// The words of a set of bAbI tasks, each with an id (0 is padding). A whole answer is one word
/// (`n,w` and `apple,milk` included), so the answer is a class over the whole vocabulary.
public struct Vocabulary: Sendable {
    public private(set) var words: [String] = ["<pad>"]
    private var ids: [String: Int] = ["<pad>": 0]
    /// The most words in a sentence or question.
    public private(set) var longestSentence = 1

    /// The vocabulary of every story, question and answer of `tasks` (train and test).
    public init(_ tasks: [BabITask]) {
        var seen = Set<String>()                   // a story's sentences recur in every later question's context
        for task in tasks { for q in task.train + task.test {
            for sentence in q.context + [q.question] where seen.insert(sentence).inserted {
                let tokens = Vocabulary.tokens(sentence)
                longestSentence = max(longestSentence, tokens.count)
                for t in tokens { add(t) }
            }
            add(q.answer.lowercased())
        } }
    }

    private mutating func add(_ word: String) {
        if ids[word] == nil { ids[word] = words.count; words.append(word) }
    }

    public var count: Int { words.count }

    /// The id of `word` (lower-cased); 0 if unknown.
    public func id(_ word: String) -> Int { ids[word.lowercased()] ?? 0 }

    /// A sentence's words, lower-cased, without punctuation.
    public static func tokens(_ sentence: String) -> [String] {
        sentence.lowercased().split { $0 == " " || $0 == "." || $0 == "?" }.map(String.init)
    }
}

/// bAbI questions as an `ExampleSet` for a `MemoryNetwork`: each row is the story's last
/// `slots` statements (most recent first), then the question, `words` ids each, stored exactly
/// as floats; the label is the answer's id. Sentences are stored once and shared by the
/// questions of a story.
public struct StoryExamples: ExampleSet {
    public let slots: Int, words: Int
    /// Each question's memory (sentence indices, most recent first), question and answer.
    private let memories: [[Int32]], questions: [[Int32]]
    public let answers: [Int]
    private let sentences: [[Int32]]

    public init(_ items: [BabIQuestion], vocabulary: Vocabulary, slots: Int, words: Int) {
        (self.slots, self.words) = (slots, words)
        var table: [String: Int32] = [:], sentences: [[Int32]] = []
        func encode(_ text: String) -> [Int32] {
            Array(Vocabulary.tokens(text).prefix(words).map { Int32(vocabulary.id($0)) })
        }
        func index(_ text: String) -> Int32 {
            if let i = table[text] { return i }
            sentences.append(encode(text))
            table[text] = Int32(sentences.count - 1)
            return Int32(sentences.count - 1)
        }
        memories = items.map { $0.context.suffix(slots).reversed().map(index) }
        questions = items.map { encode($0.question) }
        answers = items.map { vocabulary.id($0.answer) }
        self.sentences = sentences
    }

    public var count: Int { answers.count }

    public func batch(_ indices: [Int], task: Int) -> Batch {
        let width = (slots + 1) * words
        var data = [Float](repeating: 0, count: indices.count * width)
        for (row, n) in indices.enumerated() {
            for (slot, s) in memories[n].enumerated() {
                for (j, id) in sentences[Int(s)].enumerated() { data[row * width + slot * words + j] = Float(id) }
            }
            for (j, id) in questions[n].enumerated() { data[row * width + slots * words + j] = Float(id) }
        }
        return Batch(inputs: Tensor(shape: [indices.count, width], data: data), labels: indices.map { answers[$0] },
                     tasks: [Int](repeating: task, count: indices.count))
    }
}
