import Datasets
import Foundation
import Report

/// The chores every lesson shares: loading digits (small in quick mode), printing progress,
/// starting a report with its reproducibility footer, and writing report and `results.json`.
public struct LessonRun {
    public let id: String
    public let options: LessonOptions
    let started = Date()

    public init(id: String, options: LessonOptions) { (self.id, self.options) = (id, options) }

    /// MNIST if it is on disk, the built-in digits otherwise; 3,000 + 1,000 images in quick mode.
    public func loadDigits() throws -> DigitData {
        let data = try DigitData.load(dataOption: options.data, trainCount: options.quick ? 3000 : nil,
                                      testCount: options.quick ? 1000 : nil, seed: options.seed)
        progress("data: \(data.note)")
        return data
    }

    /// One progress line, with the time since the lesson started.
    public func progress(_ message: String) {
        let line = String(format: "[%@ %5.1fs] ", id, Date().timeIntervalSince(started)) + message + "\n"
        FileHandle.standardOutput.write(Data(line.utf8))      // unbuffered: shows at once, even through a pipe
    }

    /// A report with the footer filled in, for a run on `dataset` (digits, generated tasks, stories, …).
    public func report(title: String, slide: String, dataset identity: DatasetIdentity, settings: [(String, String)], seconds: Double) -> Report {
        let dataset = [("name", identity.name), ("source", identity.source), ("checksum", identity.checksum), ("examples", "\(identity.size)")]
        var report = Report(lessonID: id, title: title, slide: slide, learn: [],
                            footer: Reproducibility(seeds: options.seedList, settings: settings + [("quick mode", options.quick ? "yes" : "no")],
                                                    dataset: dataset, packageVersion: LifeLong.version, runSeconds: seconds, command: options.command(lesson: id)))
        report.navigation = LessonCatalog.navigation(of: id)
        return report
    }

    /// Writes `results.json` and the report into the lesson's output folder.
    public func finish(_ report: Report, results scalars: [String: Double], matrices: [String: [[Double]]] = [:], curves: [String: Results.Curve] = [:],
                       figures: [String],
                       settings: [(String, String)], dataset: DatasetIdentity) throws {
        let folder = options.outputFolder(lesson: id)
        var results = Results(lesson: id, seeds: options.seedList,
                              settings: Dictionary(settings.map { ($0.0, $0.1) } + [("quick", options.quick ? "yes" : "no")], uniquingKeysWith: { a, _ in a }),
                              dataset: dataset)
        results.scalars = scalars
        results.matrices = matrices
        results.curves = curves
        results.figures = figures.flatMap { name in FigureFormat.allCases.map { "figures/\(name)\($0.suffix)" } }
        var report = report
        report.footer.runSeconds = Date().timeIntervalSince(started)       // data, training and plotting so far
        let page = try report.write(to: folder)
        try results.write(to: folder)
        progress("report: \(page.path)")
    }
}
