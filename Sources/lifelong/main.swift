import ArgumentParser
import FileIO
import Foundation
import LessonKit

/// `lifelong`: the course's command-line tool.
struct LifeLongCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lifelong",
        abstract: "Lifelong (continual) learning, one runnable lesson per slide of Hung-yi Lee's lecture.",
        version: LifeLong.version,
        subcommands: [Lessons.self, Course.self, Reference.self, Grade.self, Check.self, Download.self, GalleryCommand.self])
}

/// `lifelong lessons`: what the course holds.
struct Lessons: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the lessons in teaching order.")

    func run() {
        guard !LessonCatalog.all.isEmpty else {
            print("No lessons yet.")
            return
        }
        let width = LessonCatalog.all.map(\.id.count).max() ?? 0
        for lesson in LessonCatalog.all {
            print("\(lesson.id.padding(toLength: width, withPad: " ", startingAt: 0))  \(lesson.title)  (slide: \(lesson.slide))")
        }
    }
}

StandardStreams.protect()          // a closed or full output, or Ctrl-C, never leaves a half-written file
Interruption.install()
LifeLongCommand.main()
