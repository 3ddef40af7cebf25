import Datasets
/// Answers a bAbI question from the text of its story alone, without the generator's state: an
/// independent check that every generated answer follows from its story (the tests run it on
/// thousands of stories a task). It reads the released tasks' sentence forms; `nil` means it
/// cannot tell (a question the story does not settle).
public enum BabIChecker {
    /// The answer `question` should have, re-derived from its context, or nil if the context does not settle it.
    public static func answer(task: Int, _ question: BabIQuestion) -> String? {
        let facts = question.context.map(words), asked = words(question.question)
        switch task {
        case 4: return relation(facts, asked)
        case 14: return timeline(facts, asked)
        case 15: return deduction(facts, asked)
        case 16: return induction(facts, asked)
        case 17: return position(facts, asked)
        case 18: return size(facts, asked)
        case 19: return path(facts, asked)
        case 20: return motivation(facts, asked)
        default:
            var world = TextWorld()
            for fact in facts { world.read(fact) }
            return world.answer(asked)
        }
    }

    /// Lower-case words without punctuation.
    static func words(_ text: String) -> [String] {
        text.lowercased().split { $0 == " " || $0 == "." || $0 == "?" || $0 == "," }.map(String.init)
    }
}

/// People, rooms and objects as the sentences describe them.
struct TextWorld {
    enum Whereabouts { case at(String), not(String), either(String, String) }
    var whereabouts: [String: Whereabouts] = [:]
    var carrying: [String: [String]] = [:]
    var lyingIn: [String: String] = [:]
    var rooms: [String: [String]] = [:]                 // object → rooms it has been in, oldest first
    var gifts: [(giver: String, object: String, receiver: String)] = []
    var lastSubjects: [String] = []

    static let connectives = [["then"], ["after", "that"], ["afterwards"], ["following", "that"]]
    static let moveVerbs: Set = ["moved", "went", "journeyed", "travelled"]
    static let takeVerbs: Set = ["got", "took", "picked", "grabbed"]
    static let dropVerbs: Set = ["dropped", "left", "discarded", "put"]
    static let giveVerbs: Set = ["gave", "handed", "passed"]

    mutating func read(_ sentence: [String]) {
        var w = sentence[...]
        for c in Self.connectives where w.starts(with: c) { w = w.dropFirst(c.count) }
        var subjects: [String]
        if ["he", "she", "they"].contains(w.first) { subjects = lastSubjects; w = w.dropFirst() }
        else if w.count > 2, w[w.startIndex + 1] == "and" { subjects = [w.first!, w[w.startIndex + 2]]; w = w.dropFirst(3) }
        else { subjects = [w.first!]; w = w.dropFirst() }
        lastSubjects = subjects
        let verb = w.first ?? "", last = w.last ?? ""
        let object = w.firstIndex(of: "the").map { w[$0 + 1] } ?? ""
        for who in subjects {
            if verb == "is" {
                if w.contains("either") { let the = w.indices.filter { w[$0] == "the" }; whereabouts[who] = .either(w[the[0] + 1], w[the[1] + 1]) }
                else if w.contains("not") || w.contains("longer") { whereabouts[who] = .not(last) }
                else { whereabouts[who] = .at(last) }
            } else if Self.moveVerbs.contains(verb) {
                whereabouts[who] = .at(last)
                for o in carrying[who] ?? [] where rooms[o]?.last != last { rooms[o, default: []].append(last) }
            } else if Self.takeVerbs.contains(verb) {
                carrying[who, default: []].append(object)
                lyingIn[object] = nil
                if case .at(let room) = whereabouts[who], rooms[object]?.last != room { rooms[object, default: []].append(room) }
            } else if Self.dropVerbs.contains(verb) {
                carrying[who]?.removeAll { $0 == object }
                if case .at(let room) = whereabouts[who] { lyingIn[object] = room }
            } else if Self.giveVerbs.contains(verb) {
                carrying[who]?.removeAll { $0 == object }
                carrying[last, default: []].append(object)
                gifts.append((who, object, last))
            }
        }
    }

    func room(of person: String) -> String? {
        if case .at(let room) = whereabouts[person] { return room }
        return nil
    }

    func answer(_ q: [String]) -> String? {
        let numbers = ["none", "one", "two", "three", "four"]
        switch (q.first ?? "", q.dropFirst().first ?? "") {
        case ("where", "is") where q[2] == "the":
            if let room = lyingIn[q[3]] { return room }
            return carrying.first { $0.value.contains(q[3]) }.flatMap { room(of: $0.key) }
        case ("where", "is"): return room(of: q[2])
        case ("where", "was"):                                // where was the O before the R
            guard let visits = rooms[q[3]], let i = visits.lastIndex(of: q[6]), i > 0 else { return nil }
            return visits[i - 1]
        case ("is", _):                                       // is X in the R
            switch whereabouts[q[1]] {
            case .at(let r): return r == q[4] ? "yes" : "no"
            case .not(let r): return r == q[4] ? "no" : nil
            case .either(let a, let b): return a == q[4] || b == q[4] ? "maybe" : "no"
            case nil: return nil
            }
        case ("how", _): return numbers[carrying[q[4]]?.count ?? 0]
        case ("what", "is"):                                  // what is X carrying
            let held = carrying[q[2]] ?? []
            return held.isEmpty ? "nothing" : held.joined(separator: ",")
        case ("what", "did"): return gifts.last { $0.giver == q[2] && $0.receiver == q[5] }?.object
        case ("who", "received"): return gifts.last { $0.object == q[3] }?.receiver
        case ("who", "did"): return gifts.last { $0.giver == q[2] && $0.object == q[5] }?.receiver
        case ("who", "gave") where q.count > 4: return gifts.last { $0.object == q[3] && $0.receiver == q[5] }?.giver
        case ("who", "gave"): return gifts.last { $0.object == q[3] }?.giver
        default: return nil
        }
    }
}
