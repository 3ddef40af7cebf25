import Autograd
import Datasets

/// The tasks that are not about people moving: relations, deduction, induction, positions,
/// sizes, paths and motivations.
extension BabIGenerator {
    /// Compass directions: name, letter and the step on a grid (x east, y north).
    static let compass: [(name: String, letter: String, step: (Int, Int))] = [
        ("north", "n", (0, 1)), ("south", "s", (0, -1)), ("east", "e", (1, 0)), ("west", "w", (-1, 0)),
    ]

    /// Task 4: "The office is north of the kitchen. The garden is south of the kitchen. What is
    /// north of the kitchen?" (one question a story).
    static func twoArgumentRelations(_ w: inout StoryWriter, _ rng: inout SeededGenerator) {
        var rooms = Words.rooms
        rng.shuffle(&rooms)
        let (middle, a, b) = (rooms[0], rooms[1], rooms[2])
        var directions = Array(compass.indices)
        rng.shuffle(&directions)
        let lineA = w.say("The \(a) is \(compass[directions[0]].name) of the \(middle).")
        let lineB = w.say("The \(b) is \(compass[directions[1]].name) of the \(middle).")
        let (room, direction, line) = rng.int(below: 2) == 0 ? (a, directions[0], lineA) : (b, directions[1], lineB)
        // "The office is north of the kitchen": the office is north of it, the kitchen south of the office.
        if rng.int(below: 2) == 0 { w.ask("What is \(compass[direction].name) of the \(middle)?", room, [line]) }
        else { w.ask("What is the \(middle) \(compass[direction ^ 1].name) of?", room, [line]) }
    }

    /// Task 15: "Mice are afraid of wolves. Gertrude is a mouse. What is gertrude afraid of?"
    static func deduction(_ w: inout StoryWriter, _ rng: inout SeededGenerator) {
        let species = [("mouse", "Mice"), ("wolf", "Wolves"), ("cat", "Cats"), ("sheep", "Sheep")]
        var names = ["Gertrude", "Winona", "Emily", "Jessica"]
        rng.shuffle(&names)
        var facts: [(String, kind: Int, index: Int)] = []
        var fear: [Int] = []
        for s in species.indices { fear.append(species.indices.filter { $0 != s }.pick(&rng)) }
        for s in species.indices { facts.append(("\(species[s].1) are afraid of \(species[fear[s]].1.lowercased()).", 0, s)) }
        let kindOf = names.map { _ in species.indices.pick(&rng) }
        for n in names.indices { facts.append(("\(names[n]) is a \(species[kindOf[n]].0).", 1, n)) }
        rng.shuffle(&facts)
        var lines: [String: Int] = [:]
        for fact in facts { lines["\(fact.kind) \(fact.index)"] = w.say(fact.0) }
        for _ in 0..<4 {
            let n = names.indices.pick(&rng)
            w.ask("What is \(names[n].lowercased()) afraid of?", species[fear[kindOf[n]]].0, [lines["1 \(n)"]!, lines["0 \(kindOf[n])"]!])
        }
    }

    /// Task 16: "Julius is a swan. Julius is green. Greg is a swan. What color is Greg?"
    static func induction(_ w: inout StoryWriter, _ rng: inout SeededGenerator) {
        var names = ["Lily", "Bernhard", "Greg", "Julius", "Brian"]
        rng.shuffle(&names)
        var species = ["frog", "lion", "swan", "rhino"], colors = ["green", "white", "yellow", "gray"]
        rng.shuffle(&species); rng.shuffle(&colors)
        let asked = names[4], kind = rng.int(below: 4)
        var kinds = (0..<4).map { _ in rng.int(below: 4) }
        kinds[rng.int(below: 4)] = kind                          // someone else is of the asked one's kind
        var lines: [(kind: Int, color: Int)] = []
        for n in 0..<4 {
            let k = w.say("\(names[n]) is a \(species[kinds[n]])."), c = w.say("\(names[n]) is \(colors[kinds[n]]).")
            lines.append((k, c))
        }
        let line = w.say("\(asked) is a \(species[kind]).")
        let witness = (0..<4).last { kinds[$0] == kind }!
        w.ask("What color is \(asked)?", colors[kind], [line, lines[witness].kind, lines[witness].color])
    }

    /// Task 17: "The triangle is above the pink rectangle. The blue square is to the left of the
    /// triangle. Is the pink rectangle to the right of the blue square?" (eight questions a story).
    static func positions(_ w: inout StoryWriter, _ rng: inout SeededGenerator) {
        var shapes = ["triangle", "red square", "blue square", "pink rectangle", "red sphere", "yellow square"]
        rng.shuffle(&shapes)
        let relations: [(text: String, step: (Int, Int))] = [("above", (0, 1)), ("below", (0, -1)), ("to the left of", (-1, 0)), ("to the right of", (1, 0))]
        // shapes[0] is `first` of shapes[1]; shapes[2] is `second` of shapes[0] or shapes[1], never on the other's cell.
        var (first, second, anchor) = (relations[0], relations[0], 0)
        var at = [(0, 0), (0, 0), (0, 0)]
        repeat {
            (first, second, anchor) = (relations.pick(&rng), relations.pick(&rng), rng.int(below: 2))
            at[0] = (first.step.0, first.step.1)
            at[2] = (at[anchor].0 + second.step.0, at[anchor].1 + second.step.1)
        } while at[2] == at[1 - anchor]
        let l1 = w.say("The \(shapes[0]) is \(first.text) the \(shapes[1]).")
        let l2 = w.say("The \(shapes[2]) is \(second.text) the \(shapes[anchor]).")
        let other = 1 - anchor
        for _ in 0..<8 {
            let (p, q) = rng.int(below: 2) == 0 ? (2, other) : (other, 2)
            let relation = relations.pick(&rng)
            let holds = relation.step.0 != 0 ? (at[p].0 - at[q].0) * relation.step.0 > 0 : (at[p].1 - at[q].1) * relation.step.1 > 0
            w.ask("Is the \(shapes[p]) \(relation.text) the \(shapes[q])?", holds ? "yes" : "no", p == 2 ? [l2, l1] : [l1, l2])
        }
    }

    /// Task 18: "The box fits inside the chest. The chest is bigger than the suitcase. Does the box
    /// fit in the chest?" — answered through one or two statements.
    static func sizes(_ w: inout StoryWriter, _ rng: inout SeededGenerator) {
        var things = ["box of chocolates", "chocolate", "box", "suitcase", "chest", "container"]
        rng.shuffle(&things)                                  // the order is from smallest to largest
        var known: [(small: Int, large: Int, line: Int)] = []
        while known.count < 5 {
            let i = rng.int(below: things.count - 1), j = i + 1 + rng.int(below: min(2, things.count - 1 - i))
            guard !known.contains(where: { $0.small == i && $0.large == j }) else { continue }
            let line = rng.int(below: 2) == 0 ? w.say("The \(things[i]) fits inside the \(things[j]).") : w.say("The \(things[j]) is bigger than the \(things[i]).")
            known.append((i, j, line))
        }
        var derived: [(small: Int, large: Int, lines: [Int])] = known.map { ($0.small, $0.large, [$0.line]) }
        for a in known { for b in known where a.large == b.small { derived.append((a.small, b.large, [a.line, b.line])) } }
        for _ in 0..<5 {
            let d = derived.pick(&rng), flip = rng.int(below: 2) == 0
            let (x, y) = flip ? (d.large, d.small) : (d.small, d.large)
            if rng.int(below: 2) == 0 { w.ask("Does the \(things[x]) fit in the \(things[y])?", flip ? "no" : "yes", d.lines) }
            else { w.ask("Is the \(things[y]) bigger than the \(things[x])?", flip ? "no" : "yes", d.lines) }
        }
    }

    /// Task 19: five statements place six rooms on a grid; "How do you go from the kitchen to the
    /// garden?" — two steps, answered as directions ("s,e").
    static func paths(_ w: inout StoryWriter, _ rng: inout SeededGenerator) {
        var rooms = Words.rooms
        rng.shuffle(&rooms)
        var at: [(Int, Int)] = [(0, 0)], edges: [(room: Int, from: Int, direction: Int)] = []
        while at.count < rooms.count {
            let from = at.indices.pick(&rng), d = compass.indices.pick(&rng)
            let cell = (at[from].0 + compass[d].step.0, at[from].1 + compass[d].step.1)
            guard !at.contains(where: { $0 == cell }) else { continue }
            at.append(cell)
            edges.append((at.count - 1, from, d))
        }
        rng.shuffle(&edges)
        let lines = edges.map { w.say("The \(rooms[$0.room]) is \(compass[$0.direction].name) of the \(rooms[$0.from]).") }
        // Two edges sharing a room make a two-step path; walk it from one end to the other.
        var paths: [(from: Int, to: Int, steps: [String], lines: [Int])] = []
        for (i, a) in edges.enumerated() { for (j, b) in edges.enumerated() where i != j {
            let step = { (e: (room: Int, from: Int, direction: Int), forward: Bool) in forward ? compass[e.direction].letter : compass[e.direction ^ 1].letter }
            if a.room == b.from { paths.append((a.from, b.room, [step(a, true), step(b, true)], [lines[i], lines[j]])) }
            if a.room == b.room { paths.append((a.from, b.from, [step(a, true), step(b, false)], [lines[i], lines[j]])) }
            if a.from == b.from { paths.append((a.room, b.room, [step(a, false), step(b, true)], [lines[i], lines[j]])) }
        } }
        let path = paths.pick(&rng)
        w.ask("How do you go from the \(rooms[path.from]) to the \(rooms[path.to])?", path.steps.joined(separator: ","), path.lines)
    }

    /// Task 20: "Sumit is tired. Where will sumit go? Sumit went back to the bedroom. Why did
    /// sumit go to the bedroom? Sumit grabbed the pajamas there. Why did sumit get the pajamas?"
    static func motivations(_ w: inout StoryWriter, _ rng: inout SeededGenerator) {
        let needs = [("hungry", "kitchen", "apple"), ("thirsty", "kitchen", "milk"), ("bored", "garden", "football"), ("tired", "bedroom", "pajamas")]
        var people = ["Sumit", "Yann", "Jason", "Antoine"]
        rng.shuffle(&people)
        let need = people.map { _ in needs.indices.pick(&rng) }
        var step = [Int](repeating: 0, count: 4), stated = [Int](repeating: 0, count: 4)
        var order = (0..<4).flatMap { p in [p, p, p] }
        rng.shuffle(&order)
        for p in order {
            let (feeling, room, thing) = needs[need[p]], name = people[p], asked = name.lowercased()
            switch step[p] {
            case 0:
                stated[p] = w.say("\(name) is \(feeling).")
                if rng.int(below: 5) > 0 { w.ask("Where will \(asked) go?", room, [stated[p]]) }
            case 1:
                _ = w.say(Words.move(name, room, &rng))
                w.ask("Why did \(asked) go to the \(room)?", feeling, [stated[p]])
            default:
                _ = w.say("\(name) \(["grabbed", "got", "took"].pick(&rng)) the \(thing) there.")
                w.ask("Why did \(asked) get the \(thing)?", feeling, [stated[p]])
            }
            step[p] += 1
        }
    }
}
