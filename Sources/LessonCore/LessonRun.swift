import Datasets
import FileIO
import Foundation
import Report

/// The chores every lesson shares: a safe start (streams, signals, an output folder that can be
/// written), loading digits (small in quick mode), printing progress, starting a report with its
/// reproducibility footer, and writing report and `results.json` as one transaction.
///
/// **The output folder is one transaction.** Everything is written into a fresh staging folder
/// beside the real one (`Output/.forgetting.partial-<pid>`), made when the run starts — so a
/// folder that cannot be written is found before any training. Only when every file is there does
/// the staging folder replace `Output/<lesson>` (the old folder is renamed away, the new one renamed
/// in, the old one removed). A run that fails, is interrupted or dies leaves the previous results
/// as they were (or no folder), never a new report beside an old `results.json`; Ctrl-C and
/// `kill` remove the staging folder.
public struct LessonRun {
    public let id: String
    public let options: RunOptions
    let started = Date()
    /// Where this run writes until it finishes.
    let staging: URL

    /// Starts a lesson run: protects the standard streams, handles SIGINT/SIGTERM, and makes the
    /// staging folder for the output.
    /// - Throws: `FileWriteError` if the output folder cannot be written.
    public init(id: String, run options: RunOptions) throws {
        StandardStreams.protect()
        Interruption.install()
        (self.id, self.options) = (id, options)
        let folder = options.outputFolder(lesson: id).standardizedFileURL
        staging = folder.deletingLastPathComponent().appendingPathComponent(".\(folder.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), !isFolder.boolValue {
            throw FileWriteError(path: folder.path, problem: "is a file, not a folder: name another --out")
        }
        Interruption.removeOnInterrupt(staging)
        Self.removeStaleFolders(beside: folder)
        try? FileManager.default.removeItem(at: staging)
        try createFolder(staging)
        try writeAtomically(Data("probe".utf8), to: staging.appendingPathComponent(".write-probe"))   // a full disk shows now
        try? FileManager.default.removeItem(at: staging.appendingPathComponent(".write-probe"))
    }

    /// MNIST if it is on disk, the built-in digits otherwise; 3,000 + 1,000 images in quick mode.
    public func loadDigits() throws -> DigitData {
        let data = try DigitData.load(dataOption: options.data, trainCount: options.quick ? 3000 : nil,
                                      testCount: options.quick ? 1000 : nil, seed: options.seed)
        progress("data: \(data.note)")
        return data
    }

    /// One progress line, with the time since the lesson started: unbuffered (it shows at once,
    /// even through a pipe) and best effort (a closed or full output never stops the lesson).
    public func progress(_ message: String) {
        FileHandle.standardOutput.writeBestEffort(String(format: "[%@ %5.1fs] ", id, Date().timeIntervalSince(started)) + message + "\n")
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
        let folder = options.outputFolder(lesson: id).standardizedFileURL
        var results = Results(lesson: id, seeds: options.seedList,
                              settings: Dictionary(settings.map { ($0.0, $0.1) } + [("quick", options.quick ? "yes" : "no")], uniquingKeysWith: { a, _ in a }),
                              dataset: dataset)
        results.scalars = scalars
        results.matrices = matrices
        results.curves = curves
        results.figures = figures.flatMap { name in FigureFormat.allCases.map { "figures/\(name)\($0.suffix)" } }
        var report = report
        report.footer.runSeconds = Date().timeIntervalSince(started)       // data, training and plotting so far
        try report.write(to: staging)
        try results.write(to: staging)                                     // last: only when everything else is there
        try replace(folder, with: staging)
        progress("report: \(folder.appendingPathComponent("index.html").path)")
    }

    /// Staging and old folders that a killed run (SIGKILL, a power cut) could not remove: those
    /// whose process is gone.
    static func removeStaleFolders(beside folder: URL) {
        let parent = folder.deletingLastPathComponent()
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent.path) else { return }
        for name in names where name.hasPrefix(".\(folder.lastPathComponent).partial-") || name.hasPrefix(".\(folder.lastPathComponent).old-") {
            guard let pid = Int32(name.split(separator: "-").last ?? ""), pid != getpid(), kill(pid, 0) != 0 else { continue }
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
        }
    }

    /// Puts the finished staging folder in place of `folder`: the old one is renamed away first and
    /// removed after, so at every moment there is either the old complete folder or the new one.
    func replace(_ folder: URL, with staging: URL) throws {
        let old = folder.deletingLastPathComponent().appendingPathComponent(".\(folder.lastPathComponent).old-\(ProcessInfo.processInfo.processIdentifier)")
        let hadOld = FileManager.default.fileExists(atPath: folder.path)
        if hadOld {
            guard rename(folder.path, old.path) == 0 else { throw FileWriteError(path: folder.path, problem: "cannot be replaced: \(String(cString: strerror(errno)))") }
        }
        guard rename(staging.path, folder.path) == 0 else {
            let problem = String(cString: strerror(errno))
            if hadOld { _ = rename(old.path, folder.path) }
            throw FileWriteError(path: folder.path, problem: "cannot be written: \(problem)")
        }
        Interruption.forget(staging)
        if hadOld { try? FileManager.default.removeItem(at: old) }
    }
}
