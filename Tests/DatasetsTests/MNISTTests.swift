import Datasets
import Foundation
import Testing

@Suite("IDX and MNIST files")
struct MNISTTests {
    @Test(arguments: [false, true])
    func readsGoodFilesRawAndCompressed(compressed: Bool) throws {
        let folder = temporaryFolder("idx")
        try writeTinyMNIST(to: folder, compressed: compressed)
        let mnist = try MNIST.load(from: folder)
        #expect(mnist.train.count == 20 && mnist.test.count == 10)
        let labels: [Int] = (0..<20).map { $0 % 10 }
        #expect(mnist.train.labels == labels)
        #expect(mnist.train.images[784] == 20.0 / 255)          // image 1, pixel 0
        #expect(mnist.train.images.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(mnist.identity.name == "MNIST" && mnist.identity.checksum.contains("sha256"))
    }

    /// Each broken IDX file: a one-line error naming the file and the problem.
    @Test(arguments: [
        ("empty", Data(), "4-byte magic"),
        ("bad magic", Data([1, 2, 8, 1, 0, 0, 0, 1, 7]), "wrong magic number"),
        ("not bytes", Data([0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0]), "only unsigned bytes"),
        ("short header", Data([0, 0, 8, 3, 0, 0, 0, 2]), "dimensions but the file ends"),
        ("truncated", Data([0, 0, 8, 1, 0, 0, 0, 5, 1, 2, 3]), "truncated"),
        ("over-long", Data([0, 0, 8, 1, 0, 0, 0, 2, 1, 2, 3]), "over-long"),
    ])
    func brokenIDXIsRejected(_ name: String, _ bytes: Data, _ message: String) throws {
        let url = temporaryFolder("idx-bad").appendingPathComponent("\(name).idx")
        try bytes.write(to: url)
        let error = #expect(throws: DataFileError.self) { try IDXArray.read(from: url) }
        #expect(error?.description.hasPrefix(url.path) == true)
        #expect(error?.problem.contains(message) == true, "\(error?.problem ?? "")")
        #expect(error?.description.contains("\n") == false)
    }

    @Test func corruptAndTruncatedGzipAreRejected() throws {
        let good = try gzipped(tinyMNIST(3).labels.encoded() + Data(repeating: 7, count: 500))
        let folder = temporaryFolder("gz")
        var corrupt = good
        corrupt[12] ^= 0xFF; corrupt[13] ^= 0xFF; corrupt[14] ^= 0xFF
        for (name, data) in [("corrupt.gz", corrupt), ("cut.gz", good.prefix(good.count / 2))] {
            let url = folder.appendingPathComponent(name)
            try data.write(to: url)
            let error = #expect(throws: DataFileError.self) { try IDXArray.read(from: url) }
            #expect(error?.problem.contains("gzip") == true, "\(error?.problem ?? "")")
        }
    }

    @Test func mnistLevelProblemsNameTheFile() throws {
        func broken(_ change: (URL) throws -> Void) throws -> DataFileError? {
            let folder = temporaryFolder("mnist-bad")
            try writeTinyMNIST(to: folder, compressed: false)
            try change(folder)
            return #expect(throws: DataFileError.self) { try MNIST.load(from: folder) }
        }
        let label = try broken { try IDXArray(dimensions: [20], bytes: [UInt8](repeating: 3, count: 19) + [11]).encoded()
            .write(to: $0.appendingPathComponent("train-labels-idx1-ubyte")) }
        #expect(label?.problem == "label 11 at index 19 is outside 0...9")
        let counts = try broken { try IDXArray(dimensions: [7], bytes: [UInt8](repeating: 1, count: 7)).encoded()
            .write(to: $0.appendingPathComponent("t10k-labels-idx1-ubyte")) }
        #expect(counts?.problem.contains("7 labels for the 10 images") == true)
        let shape = try broken { try IDXArray(dimensions: [20, 784], bytes: [UInt8](repeating: 1, count: 20 * 784)).encoded()
            .write(to: $0.appendingPathComponent("train-images-idx3-ubyte")) }
        #expect(shape?.problem.contains("[count, 28, 28]") == true)
        let missing = try broken { try FileManager.default.removeItem(at: $0.appendingPathComponent("t10k-images-idx3-ubyte")) }
        #expect(missing?.problem.contains("missing") == true)
    }

    /// The official files, when `../shared/data/mnist` is beside the package (it is in CI).
    @Test(.enabled(if: MNIST.hasFiles(in: sharedMNIST), "../shared/data/mnist is not here"))
    func realMNISTHasTheKnownCounts() throws {
        let mnist = try MNIST.load(from: sharedMNIST)
        #expect(mnist.train.count == 60_000 && mnist.test.count == 10_000)
        #expect(mnist.train.classCounts == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949])
        #expect(mnist.test.classCounts == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
        for file in MNIST.files { #expect(mnist.identity.checksum.contains(file.sha256)) }
    }
}

@Suite("Where data lives")
struct DataLocationTests {
    @Test func optionBeatsEnvironmentBeatsCache() {
        let env = ["LIFELONG_DATA": "/env/data", "HOME": "/home/u"]
        #expect(DataLocation.root(option: "/cli", environment: env).path == "/cli")
        #expect(DataLocation.root(option: nil, environment: env).path == "/env/data")
        #expect(DataLocation.root(option: nil, environment: ["HOME": "/home/u"]).path == "/home/u/.cache/lifelong")
        #expect(DataLocation.root(option: nil, environment: ["XDG_CACHE_HOME": "/x", "HOME": "/h"]).path == "/x/lifelong")
    }

    @Test func findsMNISTInTheFolderOrItsMnistSubfolder() throws {
        let root = temporaryFolder("root")
        #expect(DataLocation.mnistFolder(in: root) == nil)
        let sub = root.appendingPathComponent("mnist")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try writeTinyMNIST(to: sub)
        #expect(DataLocation.mnistFolder(in: root)?.standardizedFileURL.path == sub.standardizedFileURL.path)
    }

    @Test func digitDataFallsBackOnlyWhenNoFolderWasNamed() throws {
        let empty = temporaryFolder("empty")
        let fallback = try DigitData.load(dataOption: nil, trainCount: 50, testCount: 20, seed: 1, environment: ["XDG_CACHE_HOME": empty.path])
        #expect(fallback.identity.name == "synthetic-digits" && fallback.train.count == 50 && fallback.test.count == 20)
        #expect(fallback.note.contains("synthetic"))
        // LIFELONG_DATA names a folder on purpose: one without MNIST (a typo) is an error, not a silent switch of data.
        let typo = #expect(throws: DataFileError.self) { try DigitData.load(dataOption: nil, seed: 1, environment: ["LIFELONG_DATA": empty.path + "-typo"]) }
        #expect(typo?.problem.contains("LIFELONG_DATA") == true)
        let error = #expect(throws: DataFileError.self) { try DigitData.load(dataOption: empty.path, seed: 1, environment: [:]) }
        #expect(error?.problem.contains("download mnist") == true)
        try writeTinyMNIST(to: empty)
        let real = try DigitData.load(dataOption: empty.path, trainCount: 5, seed: 1, environment: [:])
        #expect(real.identity.name == "MNIST" && real.train.count == 5 && real.test.count == 10)
    }
}
