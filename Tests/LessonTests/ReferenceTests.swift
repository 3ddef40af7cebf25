import Foundation
import LessonKit
import Testing

/// The committed quick references, `Assets/Reference/quick/<lesson>/results.json`.
let quickReferences = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Assets/Reference/quick")

/// Every number that differs by more than `tolerance`, and every other field that differs at all.
func differences(_ mine: Results, _ reference: Results, tolerance: Double) -> [String] {
    var found: [String] = []
    func numbers(_ name: String, _ a: [Double], _ b: [Double]) {
        guard a.count == b.count else { found.append("\(name): \(a.count) values, reference \(b.count)"); return }
        for (i, (x, y)) in zip(a, b).enumerated() where !(abs(x - y) <= tolerance) {
            found.append("\(name)[\(i)]: \(x), reference \(y)")
        }
    }
    if mine.seeds != reference.seeds { found.append("seeds") }
    if mine.settings != reference.settings { found.append("settings: \(mine.settings) vs \(reference.settings)") }
    if mine.dataset != reference.dataset { found.append("dataset: \(mine.dataset) vs \(reference.dataset)") }
    if mine.figures != reference.figures { found.append("figures: \(mine.figures) vs \(reference.figures)") }
    if mine.packageVersion != reference.packageVersion { found.append("packageVersion") }
    for key in Set(mine.scalars.keys).union(reference.scalars.keys).sorted() {
        numbers("scalars.\(key)", mine.scalars[key].map { [$0] } ?? [], reference.scalars[key].map { [$0] } ?? [])
    }
    for key in Set(mine.matrices.keys).union(reference.matrices.keys).sorted() {
        numbers("matrices.\(key)", mine.matrices[key]?.flatMap { $0 } ?? [], reference.matrices[key]?.flatMap { $0 } ?? [])
    }
    for key in Set(mine.curves.keys).union(reference.curves.keys).sorted() {
        numbers("curves.\(key).x", mine.curves[key]?.x ?? [], reference.curves[key]?.x ?? [])
        numbers("curves.\(key).y", mine.curves[key]?.y ?? [], reference.curves[key]?.y ?? [])
    }
    return found
}

/// A quick run's results.json (in `folder`) against the committed reference. On the matrix kernel
/// that made the references it must be the reference byte for byte: the same seed and settings give
/// the same file in another process and another build (reproducibility, the stronger form of "two runs
/// agree"). On another kernel (e.g. AVX2 instead of AVX-512) rounding differs, so numbers must be
/// within a tolerance — and a second run here must give the same bytes as the first.
func checkAgainstReference(_ lesson: String, folder: URL, arguments: [String]) throws {
    let mine = try Data(contentsOf: folder.appendingPathComponent("results.json"))
    let committed = try Data(contentsOf: quickReferences.appendingPathComponent("\(lesson)/results.json"))
    let kernel = (try? String(contentsOf: quickReferences.appendingPathComponent("gemm-kernel.txt"), encoding: .utf8))?
        .trimmingCharacters(in: .whitespacesAndNewlines)
    let tolerance = kernel == gemmKernelName ? 0 : 0.05
    let found = differences(try JSONDecoder().decode(Results.self, from: mine), try JSONDecoder().decode(Results.self, from: committed), tolerance: tolerance)
    #expect(found.isEmpty && (tolerance > 0 || mine == committed), """
        \(lesson) no longer gives its committed quick results (tolerance \(tolerance)): \(found.prefix(10).joined(separator: "; "))
        If the change is intended: swift build -c release && .build/release/lifelong reference, and review the diff of Assets/Reference.
        """)
    if tolerance > 0 {
        let again = FileManager.default.temporaryDirectory.appendingPathComponent("lifelong-again-\(lesson)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: again) }
        _ = try runLesson(lesson, arguments + ["--out", again.path])
        #expect(try Data(contentsOf: again.appendingPathComponent("results.json")) == mine, "the same seed and settings gave another results.json")
    }
}

@Suite("Reference outputs")
struct ReferenceTests {
    @Test func everyLessonHasAFullAndAQuickReference() {
        for lesson in LessonCatalog.all.map(\.id) {
            for mode in ["full", "quick"] {
                let url = quickReferences.deletingLastPathComponent().appendingPathComponent("\(mode)/\(lesson)/results.json")
                #expect((try? JSONDecoder().decode(Results.self, from: Data(contentsOf: url)))?.lesson == lesson, "\(url.path)")
            }
        }
    }
}
