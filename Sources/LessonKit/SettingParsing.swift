import ArgumentParser
import LessonCore
import LessonsPart1
import LessonsPart2

// Lesson settings given as text on the command line, parsed here beside the other options so that
// the lesson support does not depend on the argument parser (it compiles while the parser does).

extension PlasticitySetup {
    /// Parses `ewc=30` into a key and a value for one of `methods` (those the part runs: a λ for
    /// any other would be silently ignored, so it is an error naming the option).
    public static func parseStrength(_ text: String, option: String, methods: [GuardMethod]) throws -> (String, Float) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        let allowed = methods.filter(\.hasStrength)
        guard parts.count == 2, let method = GuardMethod.named(parts[0]), allowed.contains(method) else {
            throw ValidationError("\(option) \(text): expected method=λ with a method among \(allowed.map(\.key).joined(separator: ", "))")
        }
        guard let value = Float(parts[1]), value.isFinite, value >= 0, value <= 1e7 else {
            throw ValidationError("\(option) \(text): λ must be a number from 0 to 10000000")
        }
        return (parts[0], value)
    }
}

extension TaskonomySetup {
    /// `--subset`: 3 to 6 different task names, comma-separated.
    public static func parseSubset(_ text: String) throws -> [DigitTaskKind] {
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let allowed = DigitTaskKind.allCases.map(\.rawValue).joined(separator: ", ")
        let kinds = try names.map { name in
            guard let kind = DigitTaskKind(rawValue: name) else { throw ValidationError("--subset: '\(name)' is not a task; the tasks are \(allowed)") }
            return kind
        }
        guard (3...6).contains(kinds.count), Set(kinds).count == kinds.count else {
            throw ValidationError("--subset takes 3 to 6 different tasks (6 gives 720 orders), not '\(text)'")
        }
        return kinds
    }
}
