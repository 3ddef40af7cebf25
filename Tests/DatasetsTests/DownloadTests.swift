import Datasets
import FileIO
import Foundation
import Synchronization
import Testing
import TestSupport

/// Downloads against a server on 127.0.0.1 that the test starts: no real network.
@Suite("Downloading MNIST")
struct DownloadTests {
    /// Two small stand-in files with their own checksums (the real names, made-up contents).
    let payloads: [(file: MNIST.File, data: Data)] = ["train-labels-idx1-ubyte", "t10k-labels-idx1-ubyte"].enumerated().map { i, name in
        let data = Data((0..<3000).map { UInt8(($0 * (i + 3)) % 251) })
        return (MNIST.File(name: name, md5: "", sha256: SHA256.hex(data)), data)
    }

    func routes(_ prefix: String, _ behaviour: (Data) -> LocalHTTPServer.Behaviour) -> [String: LocalHTTPServer.Behaviour] {
        Dictionary(uniqueKeysWithValues: payloads.map { ("/\(prefix)/\($0.file.name).gz", behaviour($0.data)) })
    }

    func downloader(_ server: LocalHTTPServer, _ prefixes: [String]) -> MNISTDownloader {
        MNISTDownloader(mirrors: prefixes.map { "\(server.baseURL)/\($0)/" }, timeout: 10, files: payloads.map(\.file))
    }

    @Test func verifiedFilesArriveAndAFailingMirrorIsSkipped() throws {
        let server = try LocalHTTPServer(routes: routes("good") { .serve($0) })
        defer { server.stop() }
        let folder = temporaryFolder("download")
        var log: [String] = []
        try downloader(server, ["missing", "good"]).download(to: folder) { log.append($0) }
        for (file, data) in payloads {
            #expect(try Data(contentsOf: folder.appendingPathComponent(file.name + ".gz")) == data)
        }
        #expect(log.contains { $0.contains("HTTP status 404") })
        #expect(log.filter { $0.contains("checksum verified") }.count == 2)
        // A second run keeps the verified files and downloads nothing.
        log = []
        try downloader(server, ["good"]).download(to: folder) { log.append($0) }
        #expect(log.allSatisfy { $0.contains("already here") })
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.hasSuffix(".tmp") })
    }

    @Test func aCorruptedDownloadIsDeletedAndReported() throws {
        let server = try LocalHTTPServer(routes: routes("bad") { var d = $0; d[100] ^= 1; return .serve(d) })
        defer { server.stop() }
        let folder = temporaryFolder("download-bad")
        let error = #expect(throws: DownloadError.self) { try downloader(server, ["bad"]).download(to: folder) { _ in } }
        #expect(error?.description.contains("checksum") == true && error?.description.contains("deleted") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func aServerThatStopsMidFileLeavesNoFile() throws {
        let server = try LocalHTTPServer(routes: routes("cut") { .cutAfter($0, sentBytes: 1000) })
        defer { server.stop() }
        let folder = temporaryFolder("download-cut")
        let error = #expect(throws: DownloadError.self) { try downloader(server, ["cut"]).download(to: folder) { _ in } }
        #expect(error?.file == payloads[0].file.name)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// A server that never answers, one that drips a byte every second, and one that never stops
    /// sending: each ends within its limit, is named, and leaves no file.
    @Test func hostileServersEndInTime() throws {
        let file = payloads[0].file
        let server = try LocalHTTPServer(routes: ["/silent/\(file.name).gz": .silent, "/drip/\(file.name).gz": .drip(payloads[0].data, interval: 1),
                                                  "/endless/\(file.name).gz": .endless])
        defer { server.stop() }
        for (route, expected, limit) in [("silent", "did not answer", 6.0), ("drip", "no complete answer within 3 s", 6.0), ("endless", "more than", 6.0)] {
            let folder = temporaryFolder("download-\(route)")
            let started = Date()
            let small = MNIST.File(name: file.name, md5: "", sha256: file.sha256, size: 3000)
            let error = #expect(throws: DownloadError.self) {
                try MNISTDownloader(mirrors: ["\(server.baseURL)/\(route)/"], timeout: 2, deadline: 3, files: [small]).download(to: folder) { _ in }
            }
            #expect(Date().timeIntervalSince(started) < limit, "\(route) took \(Date().timeIntervalSince(started)) s")
            #expect(error?.description.contains(expected) == true, "\(route): \(error?.description ?? "no error")")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        }
    }

    /// Eight threads fetch at once through the process's one session, 25 times each, from routes
    /// that succeed, 404, close early, announce too much and never stop: every fetch gets its own
    /// answer (the callbacks of concurrent transfers never cross) and none traps or hangs. The last
    /// CI run of the per-fetch-session design trapped inside FoundationNetworking on such a mix.
    @Test func concurrentFetchesEachGetTheirOwnAnswer() throws {
        let body = Data((0..<5000).map { UInt8($0 % 251) })
        let server = try LocalHTTPServer(routes: ["/ok": .serve(body), "/cut": .cutAfter(body, sentBytes: 1000),
                                                  "/big": .serve(Data(count: 20_000)), "/endless": .endless], maxConnections: 1000)
        defer { server.stop() }
        let expected = ["/ok": "5000 bytes", "/missing": "HTTP status 404", "/cut": "/cut: ",
                        "/big": "announces 20000 bytes", "/endless": "sent more than 10000 bytes"]
        let routes = expected.keys.sorted(), folder = temporaryFolder("download-concurrent")
        try createFolder(folder)
        let outcomes = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for i in 0..<25 {
                let route = routes[(i + thread) % routes.count], file = folder.appendingPathComponent("\(thread)")
                let fetched = Result { try HTTPFetch(maxBytes: 10_000, idleTimeout: 10, deadline: 20).fetch(URL(string: server.baseURL + route)!, to: file) }
                let said = switch fetched { case .success(let n): "\(n) bytes"; case .failure(let error): "\(error)" }
                let sameFile = (try? Data(contentsOf: file)) == body
                outcomes.withLock { $0.append(said.contains(expected[route]!) && (route != "/ok" || sameFile) ? "" : "\(route): \(said)") }
            }
        }
        let wrong = outcomes.withLock { $0 }
        #expect(wrong.count == 200 && wrong.allSatisfy(\.isEmpty), "\(wrong.filter { !$0.isEmpty }.prefix(5))")
    }
}
