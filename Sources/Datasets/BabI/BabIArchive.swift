import FileIO
import Foundation

extension BabI {
    /// Public copies of the released archive, tried in order (each is checked against `archive`'s SHA-256).
    public static let mirrors = ["http://www.thespermwhale.com/jaseweston/babi/", "https://dl.fbaipublicfiles.com/babi/"]

    /// The archive as a file to download (the downloader appends `.gz`).
    public static let archiveFile = MNIST.File(name: "tasks_1-20_v1-2.tar", md5: "", sha256: archive.sha256, size: archive.bytes)

    /// Downloads the released archive into `folder` (kept there, so a later run can check it
    /// instead of fetching it again) and unpacks the English tasks: `tasks_1-20_v1-2/en/` and
    /// `en-10k/` with the README and licence. A file already unpacked with the same bytes is kept.
    public static func download(to folder: URL, mirrors: [String] = BabI.mirrors, file: MNIST.File = BabI.archiveFile,
                                log: (String) -> Void = { print($0) }) throws {
        try MNISTDownloader(mirrors: mirrors, files: [file]).download(to: folder, log: log)
        let written = try unpack(folder.appendingPathComponent(file.name + ".gz"), into: folder)
        log("unpacked \(written.unpacked) files (\(written.kept) already there and identical) into \(folder.path)")
    }

    /// Unpacks the English task files of a `tasks_1-20_v1-2.tar.gz` into `folder`, each written to
    /// a temporary file and renamed. Paths that are absolute or climb out with `..` are refused.
    /// - Throws: `DataFileError` naming the archive for a corrupt gzip stream or tar header.
    public static func unpack(_ archive: URL, into folder: URL) throws -> (unpacked: Int, kept: Int) {
        let tar = try gunzipIfNeeded(Data(contentsOf: archive), path: archive.path)
        var (unpacked, kept) = (0, 0)
        for entry in try TarEntries(tar, path: archive.path) where wanted(entry.name) {
            let target = folder.appendingPathComponent(entry.name)
            if FileManager.default.contents(atPath: target.path) == entry.data { kept += 1; continue }
            try createFolder(target.deletingLastPathComponent())
            try writeAtomically(entry.data, to: target)
            unpacked += 1
        }
        return (unpacked, kept)
    }

    /// The English tasks, their README and licence.
    static func wanted(_ name: String) -> Bool {
        let parts = name.split(separator: "/")
        guard parts.first == "tasks_1-20_v1-2", !parts.contains(".."), !name.hasPrefix("/") else { return false }
        return (parts.count == 3 && (parts[1] == "en" || parts[1] == "en-10k") && parts[2].hasSuffix(".txt"))
            || (parts.count == 2 && (parts[1] == "README.txt" || parts[1] == "LICENSE.txt"))
    }
}

/// The regular files of a tar archive (ustar and the GNU and pax variants' plain headers): name and bytes.
struct TarEntries: Sequence {
    struct Entry { let name: String; let data: Data }
    let entries: [Entry]

    init(_ tar: Data, path: String) throws {
        var entries: [Entry] = [], offset = tar.startIndex
        func field(_ range: Range<Int>) -> String {
            let bytes = tar[(offset + range.lowerBound)..<(offset + range.upperBound)].prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
        while offset + 512 <= tar.endIndex, tar[offset..<(offset + 512)].contains(where: { $0 != 0 }) {
            let sizeText = field(124..<136).trimmingCharacters(in: .whitespaces)
            guard let size = Int(sizeText, radix: 8) else {
                throw DataFileError(path: path, problem: "tar header at byte \(offset - tar.startIndex) has no octal size (\"\(sizeText)\"): not a tar archive, or a damaged one")
            }
            let prefix = field(345..<500), name = field(0..<100), type = tar[offset + 156]
            let start = offset + 512
            guard start + size <= tar.endIndex else { throw DataFileError(path: path, problem: "ends inside \(name) (truncated archive?)") }
            if type == UInt8(ascii: "0") || type == 0 {
                let full = prefix.isEmpty ? name : prefix + "/" + name
                entries.append(Entry(name: full.hasPrefix("./") ? String(full.dropFirst(2)) : full, data: Data(tar[start..<(start + size)])))
            }
            offset = start + (size + 511) / 512 * 512
        }
        self.entries = entries
    }

    func makeIterator() -> IndexingIterator<[Entry]> { entries.makeIterator() }
}
