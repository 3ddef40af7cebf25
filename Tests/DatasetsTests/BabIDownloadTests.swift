import Datasets
import FileIO
import Foundation
import Testing
import TestSupport

/// `lifelong download babi` against a server on 127.0.0.1 that the test starts: a small
/// stand-in archive with the released layout, its own checksum.
@Suite("Downloading bAbI")
struct BabIDownloadTests {
    /// A ustar archive of `files` (name → text).
    static func tar(_ files: [(String, String)]) -> Data {
        var out = Data()
        for (name, text) in files {
            var header = [UInt8](repeating: 0, count: 512)
            for (i, b) in name.utf8.enumerated() { header[i] = b }
            for (i, b) in String(format: "%011o", text.utf8.count).utf8.enumerated() { header[124 + i] = b }
            header[156] = UInt8(ascii: "0")
            for (i, b) in "ustar".utf8.enumerated() { header[257 + i] = b }
            out.append(contentsOf: header)
            out.append(Data(text.utf8))
            out.append(Data(count: (512 - text.utf8.count % 512) % 512))
        }
        return out + Data(count: 1024)
    }

    let story = "1 Mary moved to the bathroom.\n2 Where is Mary? \tbathroom\t1\n"

    @Test func theArchiveIsVerifiedUnpackedAndKeptAndAnUnsafePathIsRefused() throws {
        let files = (1...20).flatMap { n in ["train", "test"].map { ("tasks_1-20_v1-2/en/" + BabI.fileName(task: n, split: $0), story) } }
            + [("tasks_1-20_v1-2/README.txt", "readme"), ("tasks_1-20_v1-2/hn/qa1.txt", "not wanted"), ("../escape.txt", "no")]
        let archive = try gzipped(Self.tar(files))
        let server = try LocalHTTPServer(routes: ["/good/tasks_1-20_v1-2.tar.gz": .serve(archive)])
        defer { server.stop() }
        let folder = temporaryFolder("babi-download")
        let file = MNIST.File(name: "tasks_1-20_v1-2.tar", md5: "", sha256: SHA256.hex(archive), size: archive.count)
        var log: [String] = []
        try BabI.download(to: folder, mirrors: ["\(server.baseURL)/missing/", "\(server.baseURL)/good/"], file: file) { log.append($0) }
        #expect(log.contains { $0.contains("checksum verified") } && log.last!.contains("unpacked 41 files (0 already there"))
        let en = try #require(BabI.folder(in: folder))
        #expect(try BabI.load(from: en).tasks.count == 20)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("tasks_1-20_v1-2/hn").path))
        #expect(!FileManager.default.fileExists(atPath: folder.deletingLastPathComponent().appendingPathComponent("escape.txt").path))
        // Again: the archive is checked, not fetched, and identical files are kept.
        log = []
        try BabI.download(to: folder, mirrors: ["\(server.baseURL)/good/"], file: file) { log.append($0) }
        #expect(log.first!.contains("already here") && log.last!.contains("unpacked 0 files (41 already there"))
    }

    @Test func aDamagedArchiveIsNamed() throws {
        let folder = temporaryFolder("babi-damaged")
        let archive = folder.appendingPathComponent("tasks_1-20_v1-2.tar.gz")
        try createFolder(folder)
        try gzipped(Data(repeating: 0x41, count: 600)).write(to: archive)
        #expect(throws: DataFileError.self) { try BabI.unpack(archive, into: folder) }
    }
}
