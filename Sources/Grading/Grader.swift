import Foundation

/// Grades submissions against reference results with per-lesson rubrics.
///
/// A submission is a folder laid out like `Output/`: `<lesson>/results.json` and
/// `<lesson>/figures/…` for every lesson. It is read as data only (`SubmissionFolder`); a broken
/// file costs the items it breaks, never the run.
public struct Grader: Sendable {
    public let rubrics: [Rubric]
    public let references: [String: JSONValue]
    public let schema: JSONSchema

    /// Loads the reference of every rubric's lesson and checks that each item has a reference value.
    public init(rubrics: [Rubric], referenceFolder: URL, schema: JSONSchema) throws {
        var references: [String: JSONValue] = [:]
        for rubric in rubrics {
            let url = referenceFolder.appendingPathComponent(rubric.lesson).appendingPathComponent("results.json")
            guard let data = try? Data(contentsOf: url) else { throw GradingError("\(url.path): the reference results are missing") }
            let reference: JSONValue
            do { reference = try JSONValue.parse(data) } catch { throw GradingError("\(url.path): \(error)") }
            if let problem = schema.problems(in: reference).first { throw GradingError("\(url.path): \(problem)") }
            for item in rubric.items {
                if let problem = ItemGrader.referenceProblem(item, in: reference) {
                    throw GradingError("\(rubric.lesson).json item \"\(item.id)\": \(problem) in the reference \(url.path)")
                }
            }
            references[rubric.lesson] = reference
        }
        (self.rubrics, self.references, self.schema) = (rubrics, references, schema)
    }

    /// Reads the rubrics, the schema and the references from their usual places.
    public static func standard(referenceFolder: URL?, rubricsFolder: URL?) throws -> Grader {
        let assets = courseAssetsFolder()
        let schemaURL = assets.appendingPathComponent("Schema/results.schema.json")
        guard let schemaData = try? Data(contentsOf: schemaURL) else {
            throw GradingError("\(schemaURL.path) is missing: run from the LifeLong folder, or set LIFELONG_ASSETS")
        }
        return try Grader(rubrics: Rubric.loadAll(from: rubricsFolder ?? assets.appendingPathComponent("Rubrics")),
                          referenceFolder: referenceFolder ?? assets.appendingPathComponent("Reference/full"),
                          schema: JSONSchema(schemaData, name: "results.schema.json"))
    }

    /// Every lesson of one student's folder.
    public func grade(student: String, folder: URL) -> StudentFeedback {
        let submission: SubmissionFolder
        do { submission = try SubmissionFolder(folder) } catch { return refused(student: student, reason: "\(error)") }
        return StudentFeedback(student: student, lessons: rubrics.map { grade($0, in: submission) }, refused: nil)
    }

    /// No points, and why: for a folder that could not be graded at all.
    public func refused(student: String, reason: String) -> StudentFeedback {
        let lessons = rubrics.map { rubric in
            LessonFeedback(lesson: rubric.lesson, items: rubric.items.map { ItemResult($0, lesson: rubric.lesson, verdict: .missing, message: "not graded: the folder was refused") })
        }
        return StudentFeedback(student: student, lessons: lessons, refused: reason)
    }

    /// One lesson: read and check `results.json`, then every rubric item.
    func grade(_ rubric: Rubric, in submission: SubmissionFolder) -> LessonFeedback {
        let lesson = rubric.lesson, reference = references[lesson]!
        let path = "\(lesson)/results.json"
        var feedback = LessonFeedback(lesson: lesson, items: [])
        var yours: JSONValue?
        do {
            let data = try submission.read(path, limit: SubmissionFolder.resultsLimit)
            do { yours = try JSONValue.parse(data) } catch { throw GradingError("\(path) is not valid JSON: \(error)") }
            feedback.problems = schema.problems(in: yours!).prefix(20).map { "\(path) \($0)" }
            feedback.notes = Self.notes(yours!, reference, lesson: lesson)
        } catch {
            feedback.problems = ["\(error)"]
        }
        let grader = ItemGrader(lesson: lesson, yours: yours ?? .object([:]), reference: reference, folder: submission)
        // A file that breaks the results format is a problem (feedback, gradebook, exit status 2); the items
        // that read a broken value score 0, the items that read valid values are still graded.
        feedback.items = rubric.items.map { item in
            if yours == nil, item.figure == nil { return ItemResult(item, lesson: lesson, verdict: .missing, message: "not graded: \(path) could not be read") }
            return grader.grade(item)
        }
        return feedback
    }

    /// Differences in how the run was made, which explain differences in what it measured.
    static func notes(_ yours: JSONValue, _ reference: JSONValue, lesson: String) -> [String] {
        var notes: [String] = []
        if case .string(let name) = yours["lesson"], name != lesson {
            notes.append("results.json says it is lesson \"\(name)\", but it is in the folder \"\(lesson)\"")
        }
        if case .string(let mine) = yours["dataset"]?["name"], case .string(let theirs) = reference["dataset"]?["name"], mine != theirs {
            notes.append("your run used the data set \(mine); the reference used \(theirs), so the numbers are not expected to match")
        } else if case .string(let mine) = yours["dataset"]?["checksum"], case .string(let theirs) = reference["dataset"]?["checksum"], mine != theirs {
            notes.append("your data set's checksum differs from the reference's")
        }
        if case .string("yes") = yours["settings"]?["quick"], reference["settings"]?["quick"] != .string("yes") {
            notes.append("this is a quick run (--quick); the reference is a full run")
        }
        return notes
    }
}
