import ArgumentParser
import FileIO
import Foundation
import Grading
import LessonKit

/// `lifelong grade`: every student's folder against the reference, with the rubrics.
struct Grade: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Grade a class: each subfolder of --submissions is one student's Output folder.",
        discussion: """
        Writes <out>/gradebook.csv, <out>/gradebook.html and <out>/feedback/<student>.html. Submissions are read \
        as data only: nothing in them runs, links and paths leaving a folder are refused, file sizes are capped. \
        Exit status: 0 when every submission could be graded cleanly, 2 when the gradebook was written but some \
        submissions have problems (a refused folder, a results.json that breaks the results format, …), 1 when \
        grading could not be done.
        """)

    @Option(help: "Reference results: <lesson>/results.json for every lesson (default: Assets/Reference/full).") var reference: String?
    @Option(help: "Folder of student folders.") var submissions: String
    @Option(help: "Where the gradebook and feedback pages go.") var out: String
    @Option(help: "Rubrics folder (default: Assets/Rubrics).") var rubrics: String?

    func run() throws {
        let grader = try loadGrader(reference: reference, rubrics: rubrics)
        let outFolder = URL(fileURLWithPath: out, isDirectory: true)
        try wrapWrite { try createFolder(outFolder) }                    // found before a whole class is graded
        let (folders, refused, skipped) = try wrap { try SubmissionFolder.subfolders(of: URL(fileURLWithPath: submissions, isDirectory: true).resolvingSymlinksInPath()) }
        var students: [StudentFeedback] = []
        for name in folders {
            let feedback = grader.grade(student: name, folder: URL(fileURLWithPath: submissions).appendingPathComponent(name))
            say(terminalSafe("\(name): \(formatValue(feedback.earned)) / \(formatValue(feedback.possible))"
                  + (feedback.hasProblems ? "  (problems: see the feedback page)" : "")))
            students.append(feedback)
        }
        for (name, reason) in refused {
            say(terminalSafe("\(name): \(reason)"))
            students.append(grader.refused(student: name, reason: "\(name) is \(reason)"))
        }
        for (name, reason) in skipped { say(terminalSafe("skipped \(name): \(reason)")) }
        guard !students.isEmpty else { throw ValidationError("\(submissions) holds no student folders") }
        students.sort { $0.student < $1.student }
        let page = try wrapWrite { try Gradebook.write(students, rubrics: grader.rubrics, to: outFolder, version: LifeLong.version) }
        say("Gradebook: \(page.path) (and gradebook.csv, feedback/)")
        let troubled = students.filter(\.hasProblems).count
        if troubled > 0 {
            FileHandle.standardError.writeBestEffort("\(troubled) submission\(troubled == 1 ? " has" : "s have") problems (exit status 2): see their feedback pages\n")
            throw ExitCode(2)
        }
    }
}

/// `lifelong check`: a student grades their own folder before handing it in.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check your own results against the reference, as the grader will.",
        discussion: "Exits with status 0 when every rubric item matches, 1 when something does not.")

    @Option(help: "Your output folder (the one holding <lesson>/results.json).") var submission = "Output"
    @Option(help: "Reference results (default: Assets/Reference/full).") var reference: String?
    @Option(help: "Rubrics folder (default: Assets/Rubrics).") var rubrics: String?

    func run() throws {
        let grader = try loadGrader(reference: reference, rubrics: rubrics)
        let feedback = grader.grade(student: submission, folder: URL(fileURLWithPath: submission, isDirectory: true))
        say(terminalSafe(feedback.text))
        if feedback.refused != nil || feedback.earned < feedback.possible { throw ExitCode(1) }
    }
}

func loadGrader(reference: String?, rubrics: String?) throws -> Grader {
    try wrap {
        try Grader.standard(referenceFolder: reference.map { URL(fileURLWithPath: $0, isDirectory: true) },
                            rubricsFolder: rubrics.map { URL(fileURLWithPath: $0, isDirectory: true) })
    }
}

/// A grading error as a one-line error and exit status 1.
func wrap<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as GradingError { throw failure(terminalSafe(error.description)) }
}

/// A file that cannot be written as a one-line error and exit status 1.
func wrapWrite<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as FileWriteError { throw failure(error.description) }
}
