import ArgumentParser
import Foundation
import PlotCairo
import Report

/// `lifelong gallery`: every kind of figure, to check rendering on this machine.
struct GalleryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gallery",
        abstract: "Draw one figure of every kind (illustrative data) as PNG, PDF and SVG.")

    @Option(help: "Folder for the figures.") var out = "Output/gallery"

    func run() throws {
        let folder = URL(fileURLWithPath: out, isDirectory: true)
        let renderer = CairoRenderer()
        for (name, figure) in Gallery.figures() {
            try figure.write(to: folder, name: name, renderer: renderer)
            print("\(folder.appendingPathComponent(name).path).{png,@2x.png,pdf,svg}")
        }
    }
}
