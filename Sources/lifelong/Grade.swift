import ArgumentParser
import Foundation
import Grading
import LessonKit

/// `lifelong grade`: every student's folder against the reference, with the rubrics.
struct Grade: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Grade a class: each subfolder of --submissions is one student's Output folder.",
        discussion: """
        Writes <out>/gradebook.csv, <out>/gradebook.html and <out>/feedback/<student>.html. Submissions are read \
        as data only: nothing in them runs, links and paths leaving a folder are refused, file sizes are capped.
        """)

    @Option(help: "Reference results: <lesson>/results.json for every lesson (default: Assets/Reference/full).") var reference: String?
    @Option(help: "Folder of student folders.") var submissions: String
    @Option(help: "Where the gradebook and feedback pages go.") var out: String
    @Option(help: "Rubrics folder (default: Assets/Rubrics).") var rubrics: String?

    func run() throws {
        let grader = try loadGrader(reference: reference, rubrics: rubrics)
        let (folders, refused) = try wrap { try SubmissionFolder.subfolders(of: URL(fileURLWithPath: submissions, isDirectory: true).resolvingSymlinksInPath()) }
        var students: [StudentFeedback] = []
        for name in folders {
            let feedback = grader.grade(student: name, folder: URL(fileURLWithPath: submissions).appendingPathComponent(name))
            say("\(name): \(formatValue(feedback.earned)) / \(formatValue(feedback.possible))"
                  + (feedback.hasProblems ? "  (problems: see the feedback page)" : ""))
            students.append(feedback)
        }
        for (name, reason) in refused {
            say("\(name): \(reason)")
            students.append(grader.refused(student: name, reason: "\(name) is \(reason)"))
        }
        guard !students.isEmpty else { throw ValidationError("\(submissions) holds no student folders") }
        students.sort { $0.student < $1.student }
        let page = try Gradebook.write(students, rubrics: grader.rubrics, to: URL(fileURLWithPath: out, isDirectory: true), version: LifeLong.version)
        say("Gradebook: \(page.path) (and gradebook.csv, feedback/)")
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
        say(feedback.text)
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
    do { return try body() } catch let error as GradingError { throw failure(error.description) }
}
