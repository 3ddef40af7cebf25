import Foundation
import Grading
import Testing

/// The committed schema, rubrics and references agree with one another.
@Suite("Course assets")
struct AssetsTests {
    static let assets = JSONTests.schemaURL.deletingLastPathComponent().deletingLastPathComponent()

    @Test(arguments: ["full", "quick"])
    func everyReferenceFollowsTheSchemaAndHasWhatTheRubricsGrade(mode: String) throws {
        let schema = try JSONTests.schema()
        let folder = Self.assets.appendingPathComponent("Reference/\(mode)")
        let lessons = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.contains(".") }
        #expect(lessons.count >= 4)
        for lesson in lessons {
            let value = try JSONValue.parse(Data(contentsOf: folder.appendingPathComponent("\(lesson)/results.json")))
            #expect(schema.problems(in: value) == [], "\(mode)/\(lesson)")
        }
        let rubrics = try Rubric.loadAll(from: Self.assets.appendingPathComponent("Rubrics"))
        #expect(Set(rubrics.map(\.lesson)) == Set(lessons), "a rubric for every lesson")
        _ = try Grader(rubrics: rubrics, referenceFolder: folder, schema: schema)    // throws if an item has no reference value
    }
}
