import Datasets
import Foundation
/// The checker for the tasks that are not about people moving (4, 14–20).
extension BabIChecker {
    static let directions = ["north": (0, 1), "south": (0, -1), "east": (1, 0), "west": (-1, 0)]
    static let letters = ["north": "n", "south": "s", "east": "e", "west": "w"]
    static let opposite = ["north": "south", "south": "north", "east": "west", "west": "east"]

    /// "the A is D of the B" → (A, D, B).
    static func compassFact(_ f: [String]) -> (String, String, String)? {
        guard f.count == 7, f[2] == "is", f[4] == "of" else { return nil }
        return (f[1], f[3], f[6])
    }

    /// Task 4: "what is D of the B" or "what is the B D of".
    static func relation(_ facts: [[String]], _ q: [String]) -> String? {
        let known = facts.compactMap(compassFact)
        let all = known + known.map { ($0.2, opposite[$0.1]!, $0.0) }
        if q[2] == "the" { return all.first { $0.0 == q[3] && $0.1 == q[4] }?.2 }   // what is the B D of
        return all.first { $0.1 == q[2] && $0.2 == q[5] }?.0                      // what is D of the B
    }

    /// Task 14: where was X before the R — the room of the time slot before R's.
    static func timeline(_ facts: [[String]], _ q: [String]) -> String? {
        let slots = ["yesterday", "morning", "afternoon", "evening"]
        var at: [String: [Int: String]] = [:]
        for f in facts {
            guard let slot = slots.firstIndex(where: f.contains) else { continue }
            let who = f.first { !["yesterday", "this"].contains($0) && !slots.contains($0) }!, room = f[f.firstIndex(of: "the")! + 1]
            at[who, default: [:]][slot] = room
        }
        guard let mine = at[q[2]], let slot = mine.first(where: { $0.value == q[5] })?.key else { return nil }
        return mine[slot - 1]
    }

    /// Task 15: "mice are afraid of wolves", "gertrude is a mouse"; what is gertrude afraid of.
    static func deduction(_ facts: [[String]], _ q: [String]) -> String? {
        let singular = ["mice": "mouse", "wolves": "wolf", "cats": "cat", "sheep": "sheep"]
        var fears: [String: String] = [:], kind: [String: String] = [:]
        for f in facts {
            if f.count == 5, f[1] == "are" { fears[singular[f[0]]!] = singular[f[4]] }
            else if f.count == 4, f[2] == "a" { kind[f[0]] = f[3] }
        }
        return kind[q[2]].flatMap { fears[$0] }
    }

    /// Task 16: the colour of someone else of the same kind, the latest said.
    static func induction(_ facts: [[String]], _ q: [String]) -> String? {
        var kind: [String: String] = [:], color: [String: String] = [:], order: [String] = []
        for f in facts where f.count >= 3 {
            if f[2] == "a" { kind[f[0]] = f[3] } else { color[f[0]] = f[2]; order.append(f[0]) }
        }
        guard let k = kind[q[3]] else { return nil }
        return order.last { kind[$0] == k && $0 != q[3] }.flatMap { color[$0] }
    }

    /// Splits "the red square is to the left of the triangle" into (red square, (-1, 0), triangle).
    static func placed(_ s: [String]) -> (String, (Int, Int), String)? {
        let text = s.joined(separator: " ")
        for (phrase, step) in [("above", (0, 1)), ("below", (0, -1)), ("to the left of", (-1, 0)), ("to the right of", (1, 0))] {
            let parts = text.components(separatedBy: " \(phrase) the ")
            if parts.count == 2 { return (parts[0].split(separator: " ").filter { $0 != "the" && $0 != "is" }.joined(separator: " "), step, parts[1]) }
        }
        return nil
    }

    /// Task 17: place the shapes from the two statements, then compare.
    static func position(_ facts: [[String]], _ q: [String]) -> String? {
        var at: [String: (Int, Int)] = [:]
        let statements = facts.compactMap { placed(Array($0.dropFirst())) }     // drop "the"
        for _ in 0..<2 { for (a, step, b) in statements {
            if at.isEmpty { at[b] = (0, 0) }
            if let p = at[b], at[a] == nil { at[a] = (p.0 + step.0, p.1 + step.1) }
            if let p = at[a], at[b] == nil { at[b] = (p.0 - step.0, p.1 - step.1) }
        } }
        guard let (a, step, b) = placed(Array(q.dropFirst(2))), let pa = at[a], let pb = at[b] else { return nil }  // drop "is the"
        let holds = step.0 != 0 ? (pa.0 - pb.0) * step.0 > 0 : (pa.1 - pb.1) * step.1 > 0
        return holds ? "yes" : "no"
    }

    /// Task 18: "the A fits inside the B" / "the B is bigger than the A"; smaller-than through chains.
    static func size(_ facts: [[String]], _ q: [String]) -> String? {
        var smaller: Set<[String]> = []
        func split(_ f: [String], _ phrase: String) -> (String, String)? {
            let parts = f.joined(separator: " ").components(separatedBy: phrase)
            guard parts.count == 2 else { return nil }
            func name(_ s: String) -> String { s.split(separator: " ").filter { !["the", "does", "is"].contains($0) }.joined(separator: " ") }
            return (name(parts[0]), name(parts[1]))
        }
        for f in facts {
            if let (a, b) = split(f, " fits inside ") { smaller.insert([a, b]) }
            if let (b, a) = split(f, " is bigger than ") { smaller.insert([a, b]) }
        }
        for _ in 0..<4 { for x in smaller { for y in smaller where x[1] == y[0] { smaller.insert([x[0], y[1]]) } } }
        let (a, b) = split(q, " fit in ").map { ($0.0, $0.1) } ?? split(q, " bigger than ").map { ($0.1, $0.0) } ?? ("", "")
        // a fits in b?
        if smaller.contains([a, b]) { return "yes" }
        if smaller.contains([b, a]) { return "no" }
        return nil
    }

    /// Task 19: breadth-first search over the rooms the statements connect.
    static func path(_ facts: [[String]], _ q: [String]) -> String? {
        var next: [String: [(String, String)]] = [:]              // room → (direction, room)
        for (a, d, b) in facts.compactMap(compassFact) {
            next[b, default: []].append((d, a))
            next[a, default: []].append((opposite[d]!, b))
        }
        var route: [String: [String]] = [q[6]: []], frontier = [q[6]]   // how do you go from the A to the B
        while !frontier.isEmpty {
            let room = frontier.removeFirst()
            for (d, other) in next[room] ?? [] where route[other] == nil {
                route[other] = route[room]! + [letters[d]!]
                frontier.append(other)
            }
        }
        return route[q[9]]?.joined(separator: ",")
    }

    /// Task 20: a feeling sends someone to a room for a thing.
    static func motivation(_ facts: [[String]], _ q: [String]) -> String? {
        let room = ["hungry": "kitchen", "thirsty": "kitchen", "bored": "garden", "tired": "bedroom"]
        var feeling: [String: String] = [:]
        for f in facts where f.count == 3 && room[f[2]] != nil { feeling[f[0]] = f[2] }
        let who = q[2]
        return q[0] == "where" ? feeling[who].flatMap { room[$0] } : feeling[who]
    }
}
