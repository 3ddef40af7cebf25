import ArgumentParser
import Datasets
import Foundation

/// `lifelong download mnist` / `lifelong download babi`: fetches a real data set into the data folder.
/// A failed download is an error of the work, not of the command line: exit status 1, no usage text.
struct Download: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Download a data set into the data folder and verify its checksums.",
        discussion: """
        The data folder is --data, else $LIFELONG_DATA, else ~/.cache/lifelong; MNIST goes into its \
        mnist/ subfolder, bAbI into babi/ (the archive, and its English tasks unpacked in \
        babi/tasks_1-20_v1-2/en and en-10k). Files already there with the right checksum are kept.
        """)

    @Argument(help: "The data set: mnist or babi.") var dataset: String
    @Option(help: "The data folder.") var data: String?
    @Option(name: .customLong("mirror"), help: "A mirror to try instead of the defaults (repeatable).") var mirrors: [String] = []

    func validate() throws {
        guard ["mnist", "babi"].contains(dataset.lowercased()) else { throw ValidationError("unknown data set '\(dataset)'; known: mnist, babi") }
    }

    func run() throws {
        if dataset.lowercased() == "babi" { return try downloadBabI() }
        let folder = DataLocation.root(option: data).appendingPathComponent("mnist", isDirectory: true)
        print("Downloading MNIST into \(folder.path)")
        let downloader = MNISTDownloader(mirrors: mirrors.isEmpty ? MNISTDownloader.defaultMirrors : mirrors)
        do {
            try downloader.download(to: folder)
        } catch let error as DownloadError {
            throw failure(error.description)
        }
        print("MNIST is ready: lessons find it with --data \(data ?? "(default)") or LIFELONG_DATA.")
    }

    func downloadBabI() throws {
        let folder = DataLocation.root(option: data).appendingPathComponent("babi", isDirectory: true)
        print("Downloading the bAbI tasks into \(folder.path)")
        do {
            try BabI.download(to: folder, mirrors: mirrors.isEmpty ? BabI.mirrors : mirrors)
        } catch let error as DownloadError {
            throw failure(error.description)
        } catch let error as DataFileError {
            throw failure(error.description)
        }
        print("bAbI is ready: the babi lesson finds it with --data \(data ?? "(default)") or LIFELONG_DATA.")
    }
}
