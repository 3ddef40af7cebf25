import ArgumentParser
import Foundation
import LessonKit
import Report

/// `lifelong gallery`: every kind of figure, to check rendering on this machine.
struct GalleryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gallery",
        abstract: "Draw one figure of every kind (illustrative data) as PNG, PDF and SVG, in a sample report.")

    @Option(help: "Folder for the figures.") var out = "Output/gallery"

    func run() throws {
        let folder = URL(fileURLWithPath: out, isDirectory: true)
        let command = (["lifelong"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
        let start = Date()
        var report = Gallery.report(command: command, version: LifeLong.version)
        _ = try report.write(to: folder)                       // draws the figures; the second pass records the time
        report.footer.runSeconds = Date().timeIntervalSince(start)
        let page = try report.write(to: folder)
        print("Figures in \(folder.appendingPathComponent("figures").path) (PNG 1× and 2×, PDF, SVG)")
        print("Report: \(page.path)")
    }
}
