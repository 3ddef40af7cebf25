import Autograd
import Datasets
import Foundation

/// The built-in bAbI tasks: a small world simulation that writes stories in the released text
/// format, one generator per task with the released task's story structure, question templates
/// and answer types (Weston et al. 2015, Table 1). The default when the real corpus is not on
/// disk, as the built-in digits are for MNIST. Deterministic per seed; every answer follows from
/// its story by construction, and `BabIChecker` re-derives each one from the text alone.
public struct BabIGenerator: Sendable {
    /// Bumped whenever a story changes, so a dataset identity names the stories exactly.
    public static let version = 1
    public var seed: UInt64

    public init(seed: UInt64 = 2015) { self.seed = seed }

    /// Task `number`'s `split` ("train" or "test") in the released text format: stories until
    /// `questions` questions (the last story cut after its last question that fits).
    public func text(task number: Int, split: String, questions: Int = 1000) -> String {
        precondition((1...20).contains(number), "bAbI has tasks 1…20, not \(number)")
        var rng = SeededGenerator(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(number * 2 + (split == "test" ? 1 : 0)))
        var text = "", asked = 0
        while asked < questions {
            var story = BabIGenerator.story(task: number, using: &rng)
            while asked + story.questionCount > questions, let last = story.lines.lastIndex(where: { if case .question = $0 { true } else { false } }) {
                story.lines.removeSubrange(last...)
            }
            asked += story.questionCount
            text += story.text
        }
        return text
    }

    /// The 20 tasks (or `numbers`), parsed back from the text with the same reader as the real files.
    public func corpus(tasks numbers: [Int] = Array(1...20), questions: Int = 1000) throws -> (tasks: [BabITask], identity: DatasetIdentity) {
        var tasks: [BabITask] = []
        for n in numbers {
            func split(_ name: String) throws -> [BabIQuestion] {
                try BabIText.parse(Data(text(task: n, split: name, questions: questions).utf8), file: "built-in " + BabI.fileName(task: n, split: name))
            }
            tasks.append(BabITask(number: n, name: BabI.names[n - 1], train: try split("train"), test: try split("test")))
        }
        let identity = DatasetIdentity(name: "bAbI built-in", source: "built-in generator",
                                       checksum: "generator v\(Self.version), seed \(seed), \(questions) questions a task and split",
                                       size: tasks.reduce(0) { $0 + $1.train.count + $1.test.count })
        return (tasks, identity)
    }

    /// One story of task `number`.
    public static func story(task number: Int, using rng: inout SeededGenerator) -> BabIStory {
        var writer = StoryWriter()
        switch number {
        case 1, 6: locations(&writer, yesNo: number == 6, &rng)
        case 2, 3, 7, 8: objects(&writer, task: number, &rng)
        case 4: twoArgumentRelations(&writer, &rng)
        case 5: threeArgumentRelations(&writer, &rng)
        case 9, 10: negationAndIndefinite(&writer, indefinite: number == 10, &rng)
        case 11, 12, 13: coreferenceAndConjunction(&writer, task: number, &rng)
        case 14: time(&writer, &rng)
        case 15: deduction(&writer, &rng)
        case 16: induction(&writer, &rng)
        case 17: positions(&writer, &rng)
        case 18: sizes(&writer, &rng)
        case 19: paths(&writer, &rng)
        default: motivations(&writer, &rng)
        }
        return BabIStory(lines: writer.lines)
    }
}

/// Writes a story line by line; `say` returns the statement's line number (what questions cite).
struct StoryWriter {
    var lines: [BabIStory.Line] = []
    var questions = 0

    mutating func say(_ text: String) -> Int {
        lines.append(.statement(text))
        return lines.count
    }

    mutating func ask(_ question: String, _ answer: String, _ supporting: [Int]) {
        lines.append(.question(question, answer: answer, supporting: supporting))
        questions += 1
    }
}

extension RandomAccessCollection where Index == Int {
    func pick(_ rng: inout SeededGenerator) -> Element { self[startIndex + rng.int(below: count)] }
}

/// The words of the released tasks.
enum Words {
    static let actors = ["Mary", "John", "Sandra", "Daniel"]
    static let rooms = ["bathroom", "hallway", "office", "bedroom", "kitchen", "garden"]
    static let objects = ["football", "milk", "apple"]
    static let moves = ["moved to", "went to", "journeyed to", "travelled to", "went back to"]
    static let takes = ["got", "took", "picked up", "grabbed"]
    static let drops = ["dropped", "left", "discarded", "put down"]
    static let gives = ["gave", "handed", "passed"]
    static let numbers = ["none", "one", "two", "three"]

    static func move(_ who: String, _ room: String, _ rng: inout SeededGenerator) -> String { "\(who) \(moves.pick(&rng)) the \(room)." }
}

extension BabIGenerator {
    /// Tasks 1 and 6: people move; "Where is Mary?" / "Is Mary in the office?" (yes or no).
    static func locations(_ w: inout StoryWriter, yesNo: Bool, _ rng: inout SeededGenerator) {
        var place: [String: (room: String, line: Int)] = [:]
        while w.questions < 5 {
            for _ in 0..<2 {
                let who = Words.actors.pick(&rng), room = Words.rooms.filter { $0 != place[who]?.room }.pick(&rng)
                place[who] = (room, w.say(Words.move(who, room, &rng)))
            }
            let who = place.keys.sorted().pick(&rng), (room, line) = place[who]!
            if !yesNo { w.ask("Where is \(who)?", room, [line]); continue }
            let yes = rng.int(below: 2) == 0, asked = yes ? room : Words.rooms.filter { $0 != room }.pick(&rng)
            w.ask("Is \(who) in the \(asked)?", yes ? "yes" : "no", [line])
        }
    }

    /// Tasks 2, 3, 7 and 8: people move, take and drop things. Task 2 asks where an object is (two
    /// supporting facts), 3 where it was before its current room (three), 7 how many objects
    /// someone carries, 8 what they carry.
    static func objects(_ w: inout StoryWriter, task: Int, _ rng: inout SeededGenerator) {
        var world = ObjectWorld()
        var sinceQuestion = 0
        let gap = task == 3 ? 4...14 : 1...4
        var wait = Int.random(in: gap, using: &rng)
        while w.questions < 5 && w.lines.count < 230 {       // the released stories are at most 229 lines long
            world.act(&w, &rng)
            sinceQuestion += 1
            guard sinceQuestion >= wait, let (question, answer, support) = world.question(task: task, &rng) else { continue }
            w.ask(question, answer, support)
            (sinceQuestion, wait) = (0, Int.random(in: gap, using: &rng))
        }
    }

    /// Task 5: people give each other things; "Who gave the football to Fred?", "What did Bill
    /// give to Fred?", "Who received the apple?".
    static func threeArgumentRelations(_ w: inout StoryWriter, _ rng: inout SeededGenerator) {
        var world = ObjectWorld(actors: ["Bill", "Fred", "Jeff", "Mary"])
        var gives: [(giver: String, object: String, receiver: String, line: Int)] = []
        while w.questions < 5 {
            if let give = world.give(&w, &rng) {
                gives.append(give)
                let (g, o, r, line) = give
                let forms = [("What did \(g) give to \(r)?", o), ("Who gave the \(o) to \(r)?", g), ("Who received the \(o)?", r),
                             ("Who did \(g) give the \(o) to?", r), ("Who gave the \(o)?", g)]
                let (q, a) = forms.pick(&rng)
                w.ask(q, a, [line])
            } else {
                world.act(&w, &rng, taking: 0.4)
            }
            if rng.int(below: 3) == 0, let old = gives.last(where: { g in !gives.contains { $0.object == g.object && $0.line > g.line } }) {
                w.ask("Who received the \(old.object)?", old.receiver, [old.line])
            }
        }
    }

    /// Tasks 9 and 10: "Mary is no longer in the office", "Fred is either in the school or the park";
    /// "Is Mary in the office?" (yes, no, and for 10 maybe).
    static func negationAndIndefinite(_ w: inout StoryWriter, indefinite: Bool, _ rng: inout SeededGenerator) {
        let people = indefinite ? ["Fred", "Mary", "Bill", "Julie"] : Words.actors
        let rooms = indefinite ? ["school", "park", "office", "kitchen", "cinema", "bedroom"] : Words.rooms
        var known: [String: (rooms: [String], negative: Bool, line: Int)] = [:]
        while w.questions < 5 {
            for _ in 0..<2 {
                let who = people.pick(&rng), room = rooms.pick(&rng), kind = rng.int(below: 4)
                if kind == 0 && !indefinite {
                    known[who] = ([room], true, w.say("\(who) is \(["not", "no longer"].pick(&rng)) in the \(room)."))
                } else if kind == 0 {
                    let other = rooms.filter { $0 != room }.pick(&rng)
                    known[who] = ([room, other], false, w.say("\(who) is either in the \(room) or the \(other)."))
                } else {
                    known[who] = ([room], false, w.say(kind == 1 ? "\(who) is in the \(room)." : Words.move(who, room, &rng)))
                }
            }
            let who = known.keys.sorted().pick(&rng), fact = known[who]!
            let inside = rng.int(below: 2) == 0 || fact.negative
            let asked = inside ? fact.rooms.pick(&rng) : rooms.filter { !fact.rooms.contains($0) }.pick(&rng)
            let answer = fact.negative || !inside ? "no" : fact.rooms.count == 2 ? "maybe" : "yes"
            w.ask("Is \(who) in the \(asked)?", answer, [fact.line])
        }
    }

    /// Tasks 11, 12 and 13: "After that she went to the bedroom" (coreference), "Mary and Daniel
    /// went to the bathroom" (conjunction), "Then they journeyed to the hallway" (both).
    static func coreferenceAndConjunction(_ w: inout StoryWriter, task: Int, _ rng: inout SeededGenerator) {
        var place: [String: (room: String, lines: [Int])] = [:]
        let connectives = ["Then", "After that", "Afterwards", "Following that"]
        while w.questions < 5 {
            var group = [Words.actors.pick(&rng)]
            if task != 11 { group.append(Words.actors.filter { $0 != group[0] }.pick(&rng)) }
            let names = group.joined(separator: " and "), room = Words.rooms.pick(&rng)
            let line = w.say(Words.move(names, room, &rng))
            for who in group { place[who] = (room, [line]) }
            if task != 12 {
                let pronoun = task == 13 ? "they" : ["Mary", "Sandra"].contains(group[0]) ? "she" : "he"
                let next = Words.rooms.filter { $0 != room }.pick(&rng)
                let second = w.say("\(connectives.pick(&rng)) \(pronoun) \(Words.moves.pick(&rng)) the \(next).")
                for who in group { place[who] = (next, [line, second]) }
            } else {
                let other = Words.actors.filter { !group.contains($0) }, pair = [other[0], other[1]].shuffled(using: &rng)
                let next = Words.rooms.pick(&rng), second = w.say(Words.move(pair.joined(separator: " and "), next, &rng))
                for who in pair { place[who] = (next, [second]) }
            }
            let who = place.keys.sorted().pick(&rng)
            w.ask("Where is \(who)?", place[who]!.room, place[who]!.lines)
        }
    }

    /// Task 14: "Yesterday Julie went to the office", "Julie went to the school this morning";
    /// "Where was Julie before the school?".
    static func time(_ w: inout StoryWriter, _ rng: inout SeededGenerator) {
        let people = ["Bill", "Fred", "Julie", "Mary"], times = ["yesterday", "this morning", "this afternoon", "this evening"]
        let rooms = ["school", "park", "office", "kitchen", "cinema", "bedroom"]
        var plans: [String: [String]] = [:]
        for who in people { plans[who] = Array(rooms.shuffled(using: &rng).prefix(4)) }
        var said: [String: [Int: Int]] = [:]                       // person → time slot → line
        var pending = people.flatMap { who in (0..<4).map { (who, $0) } }
        rng.shuffle(&pending)
        var sinceQuestion = 0
        while w.questions < 5, !pending.isEmpty {
            let (who, slot) = pending.removeFirst(), room = plans[who]![slot], when = times[slot], verb = Words.moves.pick(&rng)
            let sentence = rng.int(below: 2) == 0 ? "\(who) \(verb) the \(room) \(when)." : "\(when.prefix(1).uppercased() + when.dropFirst()) \(who) \(verb) the \(room)."
            said[who, default: [:]][slot] = w.say(sentence)
            sinceQuestion += 1
            let askable = people.flatMap { p in (1..<4).compactMap { s in said[p]?[s] != nil && said[p]?[s - 1] != nil ? (p, s) : nil } }
            guard sinceQuestion >= 2, !askable.isEmpty else { continue }
            let (p, s) = askable.pick(&rng)
            w.ask("Where was \(p) before the \(plans[p]![s])?", plans[p]![s - 1], [said[p]![s]!, said[p]![s - 1]!])
            sinceQuestion = 0
        }
    }
}
