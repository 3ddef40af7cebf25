import Autograd
import Datasets

/// The world of tasks 2, 3, 5, 7 and 8: people in rooms, objects lying somewhere or carried.
/// Every fact remembers the line that stated it, so a question can cite its supporting facts.
struct ObjectWorld {
    var actors = Words.actors
    /// Where each person is, and the line that put them there.
    var place: [String: (room: String, line: Int)] = [:]
    /// Who carries each object (and the line), or where it lies (and the line that left it there).
    var holder: [String: (who: String, line: Int)] = [:]
    var lying: [String: (room: String, lines: [Int])] = [:]
    /// Each object's rooms, oldest first (consecutive rooms differ), with the line that took it there.
    var history: [String: [(room: String, line: Int)]] = [:]
    /// The lines that changed what each person carries, and what they carry in the order taken.
    var loadLines: [String: [Int]] = [:]
    var carrying: [String: [String]] = [:]

    init(actors: [String] = Words.actors) { self.actors = actors }

    /// One event: a move, or (with probability `taking`) a take or a drop where one is possible.
    mutating func act(_ w: inout StoryWriter, _ rng: inout SeededGenerator, taking: Float = 0.45) {
        let who = actors.pick(&rng)
        if rng.nextFloat() < taking, let room = place[who]?.room {
            let here = Words.objects.filter { holder[$0] == nil && (lying[$0] == nil || lying[$0]!.room == room) }
            let held = carrying[who] ?? []
            if !held.isEmpty && (here.isEmpty || rng.int(below: 2) == 0) {
                let object = held.pick(&rng)
                let line = w.say("\(who) \(Words.drops.pick(&rng)) the \(object)\(["", " there"].pick(&rng)).")
                holder[object] = nil
                lying[object] = (room, [line, place[who]!.line])   // dropped where its carrier last went
                carrying[who]!.removeAll { $0 == object }
                loadLines[who, default: []].append(line)
                return
            } else if !here.isEmpty {
                let object = here.pick(&rng)
                let line = w.say("\(who) \(Words.takes.pick(&rng)) the \(object)\(["", " there"].pick(&rng)).")
                take(object, by: who, line: line, in: room)
                return
            }
        }
        let room = Words.rooms.filter { $0 != place[who]?.room }.pick(&rng)
        let line = w.say(Words.move(who, room, &rng))
        place[who] = (room, line)
        for object in carrying[who] ?? [] { history[object, default: []].append((room, line)) }
    }

    mutating func take(_ object: String, by who: String, line: Int, in room: String) {
        holder[object] = (who, line)
        lying[object] = nil
        carrying[who, default: []].append(object)
        loadLines[who, default: []].append(line)
        if history[object]?.last?.room != room { history[object, default: []].append((room, line)) }
    }

    /// A gift where a person in a room carries something (task 5): "Bill gave the football to Fred."
    mutating func give(_ w: inout StoryWriter, _ rng: inout SeededGenerator) -> (String, String, String, Int)? {
        let givers = actors.filter { !(carrying[$0] ?? []).isEmpty }
        guard !givers.isEmpty, rng.int(below: 3) == 0 else { return nil }
        let giver = givers.pick(&rng), object = carrying[giver]!.pick(&rng), receiver = actors.filter { $0 != giver }.pick(&rng)
        let line = w.say("\(giver) \(Words.gives.pick(&rng)) the \(object) to \(receiver).")
        carrying[giver]!.removeAll { $0 == object }
        carrying[receiver, default: []].append(object)
        holder[object] = (receiver, line)
        return (giver, object, receiver, line)
    }

    /// A question of task 2, 3, 7 or 8 that the story so far answers, or nil if there is none yet.
    func question(task: Int, _ rng: inout SeededGenerator) -> (String, String, [Int])? {
        switch task {
        case 2:
            let known = Words.objects.filter { o in lying[o] != nil || holder[o].map { place[$0.who] != nil } == true }
            guard !known.isEmpty else { return nil }
            let object = known.pick(&rng)
            if let (room, lines) = lying[object] { return ("Where is the \(object)?", room, lines) }
            let (who, line) = holder[object]!
            return ("Where is the \(object)?", place[who]!.room, [line, place[who]!.line])
        case 3:
            let moved = Words.objects.filter { (history[$0]?.count ?? 0) >= 2 }
            guard !moved.isEmpty else { return nil }
            // "Before the kitchen" means before its latest visit there, the one it is in now.
            let object = moved.pick(&rng), steps = history[object]!, (last, previous) = (steps[steps.count - 1], steps[steps.count - 2])
            return ("Where was the \(object) before the \(last.room)?", previous.room, [last.line, previous.line])
        default:
            let loaded = actors.filter { loadLines[$0] != nil }
            guard !loaded.isEmpty else { return nil }
            let who = loaded.pick(&rng), held = carrying[who] ?? []
            if task == 7 { return ("How many objects is \(who) carrying?", Words.numbers[held.count], loadLines[who]!) }
            return ("What is \(who) carrying?", held.isEmpty ? "nothing" : held.joined(separator: ","), loadLines[who]!)
        }
    }
}
