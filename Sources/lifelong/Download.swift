import ArgumentParser
import Datasets
import Foundation

/// `lifelong download mnist`: fetches the real data set into the data folder.
struct Download: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Download a data set into the data folder and verify its checksums.",
        discussion: """
        The data folder is --data, else $LIFELONG_DATA, else ~/.cache/lifelong; MNIST goes into its \
        mnist/ subfolder. Files already there with the right checksum are kept.
        """)

    @Argument(help: "The data set: mnist.") var dataset: String
    @Option(help: "The data folder.") var data: String?
    @Option(name: .customLong("mirror"), help: "A mirror to try instead of the defaults (repeatable).") var mirrors: [String] = []

    func validate() throws {
        guard dataset.lowercased() == "mnist" else { throw ValidationError("unknown data set '\(dataset)'; known: mnist") }
    }

    func run() throws {
        let folder = DataLocation.root(option: data).appendingPathComponent("mnist", isDirectory: true)
        print("Downloading MNIST into \(folder.path)")
        let downloader = MNISTDownloader(mirrors: mirrors.isEmpty ? MNISTDownloader.defaultMirrors : mirrors)
        do {
            try downloader.download(to: folder)
        } catch let error as DownloadError {
            throw ValidationError(error.description)
        }
        print("MNIST is ready: lessons find it with --data \(data ?? "(default)") or LIFELONG_DATA.")
    }
}
